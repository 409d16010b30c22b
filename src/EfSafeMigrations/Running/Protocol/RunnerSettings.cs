namespace EfSafeMigrations.Running.Protocol;

/// <summary>How a runner applies phases. The defaults suit a busy production database.</summary>
public sealed record RunnerSettings
{
    /// <summary>How long one DDL statement waits for its lock before it gives up and is retried. Default 500 ms.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many times a step that hit the lock timeout is retried. Default 30.</summary>
    public int MaxRetries { get; init; } = 30;

    /// <summary>The first retry's delay; each next one doubles, up to <see cref="MaxRetryDelay"/>, with jitter. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between retries. Default 10 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for another runner holding the database lock; zero refuses at once. Default 0.</summary>
    public TimeSpan WaitForLock { get; init; } = TimeSpan.Zero;

    /// <summary>How long to wait for closed gates to open (re-checked every few seconds); zero refuses at once. Default 0.</summary>
    public TimeSpan WaitForGates { get; init; } = TimeSpan.Zero;

    /// <summary>Rows in the first backfill batch; null starts at 1000 and adapts to <see cref="TargetBatchTime"/>.</summary>
    public int? BatchSize { get; init; }

    /// <summary>The time one backfill batch should stay under, since a writer needing one of its rows waits for its commit; the batch size adapts to it. Default 200 ms.</summary>
    public TimeSpan TargetBatchTime { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>An upper bound on backfilled rows per second; null for none.</summary>
    public int? MaxRowsPerSecond { get; init; }

    /// <summary>The backfill pauses while a streaming replica's replay lag is above this. Default 5 s.</summary>
    public TimeSpan MaxReplicaLag { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Connection strings of the replicas whose lag the backfill watches, for a database whose primary does not know its
    /// replicas' lag (MySQL, MariaDB): each is asked for its own, and a replica that does not replicate or cannot be
    /// asked holds the backfill as a lagging one does. Empty: the lag is read on the primary (PostgreSQL). Secrets: never shown.
    /// </summary>
    public IReadOnlyList<string> Replicas { get; init; } = [];
}
