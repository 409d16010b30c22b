namespace EfSafeMigrations.Running;

/// <summary>How a backfill runs.</summary>
/// <param name="BatchSize">Rows in the first batch.</param>
public sealed record BackfillSettings(int BatchSize)
{
    /// <summary>The time a batch should stay under (a writer needing one of its rows waits that long at most): each batch is sized to take it at the slowest time per row of the last few batches, less a headroom as wide as those times are spread (a tenth to a third), growing at most twofold. Null keeps the size fixed.</summary>
    public TimeSpan? TargetBatchTime { get; init; }

    /// <summary>The most rows visited per second; null for no cap.</summary>
    public int? MaxRowsPerSecond { get; init; }

    /// <summary>The smallest batch the size adapts down to.</summary>
    public int MinBatchSize { get; init; } = 10;

    /// <summary>The largest batch the size adapts up to.</summary>
    public int MaxBatchSize { get; init; } = 50_000;

    /// <summary>A statement bounding each batch's wait for row locks, run first in its transaction; null for none.</summary>
    public string? LockTimeoutStatement { get; init; }
}
