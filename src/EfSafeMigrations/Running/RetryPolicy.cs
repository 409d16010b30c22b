using System.Data.Common;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Running;

/// <summary>
/// Retries a step that gave up waiting for a lock: exponential backoff from the first delay, capped,
/// with full jitter so that several runners (or a runner and a busy app) do not retry in step.
/// </summary>
/// <param name="settings">The delays and the number of retries.</param>
/// <param name="isLockTimeout">Whether an error is a lock timeout.</param>
internal sealed class RetryPolicy(RunnerSettings settings, Func<DbException, bool> isLockTimeout)
{
    public async Task<T> RunAsync<T>(Func<Task<T>> step, Action<int, TimeSpan, string> onRetry, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step().ConfigureAwait(false);
            }
            catch (Exception error) when (LockTimeout(error) is { } timeout && attempt <= settings.MaxRetries)
            {
                var delay = Delay(attempt);
                onRetry(attempt, delay, error is Sql.LockHoldersException named ? named.Message : timeout.Message);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public TimeSpan Delay(int attempt)
    {
        var ceiling = Math.Min(settings.MaxRetryDelay.TotalMilliseconds, settings.RetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    private DbException? LockTimeout(Exception error)
    {
        for (var current = error; current != null; current = current.InnerException)
        {
            if (current is DbException db && isLockTimeout(db))
            {
                return db;
            }
        }

        return null;
    }
}
