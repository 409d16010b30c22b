namespace EfSafeMigrations;

/// <summary>How EfSafeMigrations applies migrations (see <c>UseSafeMigrations</c>).</summary>
public sealed record SafeMigrationsOptions
{
    /// <summary>
    /// How long a DDL statement may wait for its lock before it gives up (PostgreSQL <c>lock_timeout</c>).
    /// A waiting DDL statement queues every later query on its table, so this bounds the stall the app
    /// sees. Default 500 ms.
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Rows per backfill batch when the backfill does not set its own. Default 1000.</summary>
    public int BackfillBatchSize { get; init; } = 1000;

    /// <summary>Throws when a value is out of range, saying which and what is allowed.</summary>
    public void Validate()
    {
        if (LockTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LockTimeout), LockTimeout, "The lock timeout must be positive, for example 500 ms.");
        }

        if (BackfillBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BackfillBatchSize), BackfillBatchSize, "The backfill batch size must be at least 1.");
        }
    }
}
