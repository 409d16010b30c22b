using System.Data.Common;
using System.Globalization;
using EfSafeMigrations.Deployment;
using EfSafeMigrations.Dialects;

namespace EfSafeMigrations.Running;

/// <summary>
/// What a phase run with nothing pending says: that the phase is applied, which migrations and when (from the phase
/// flags, set in the same transaction as EF Core's history row), and what comes next.
/// </summary>
internal static class AlreadyApplied
{
    /// <summary>The message for <paramref name="phase"/> when <paramref name="applied"/> (group, migration id) are its applied migrations.</summary>
    public static async Task<string> DescribeAsync(
        DbConnection connection, DatabaseDialect dialect, MigrationPhase phase, IReadOnlyList<(string Group, string Id)> applied, CancellationToken stop)
    {
        if (applied.Count == 0)
        {
            return $"No group has a {phase} migration; nothing to apply, nothing was changed.";
        }

        var flags = (await new FlagStore(connection, dialect.Deployment).ReadAsync(stop).ConfigureAwait(false)).ToDictionary(f => f.Name, StringComparer.Ordinal);
        var listed = applied.Select(m => flags.TryGetValue(PhaseFlags.For(m.Group, phase), out var flag) && flag.Enabled
            ? m.Id + " at " + flag.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)
            : m.Id);
        var next = phase switch
        {
            MigrationPhase.Expand => " Next: `dotnet safe-migrate phase backfill`.",
            MigrationPhase.Backfill => " Next: roll out the new app version, then `dotnet safe-migrate phase contract` once no old instance is left.",
            _ => string.Empty,
        };
        return $"{phase} is already applied: {string.Join(", ", listed)}; nothing was changed.{next}";
    }
}
