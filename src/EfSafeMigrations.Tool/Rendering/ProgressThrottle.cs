using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tool.Rendering;

/// <summary>Lets through at most one plain progress line a second per backfill, plus its first and last.</summary>
internal sealed class ProgressThrottle(TimeSpan interval)
{
    private readonly Dictionary<(string MigrationId, string Target), DateTime> lastShown = [];

    /// <summary>Whether to show a line for <paramref name="progress"/> now.</summary>
    public bool ShouldShow(BackfillProgressEvent progress, DateTime now)
    {
        var key = (progress.MigrationId, progress.Target);
        if (!progress.Finished && lastShown.TryGetValue(key, out var last) && now - last < interval)
        {
            return false;
        }

        lastShown[key] = now;
        return true;
    }
}
