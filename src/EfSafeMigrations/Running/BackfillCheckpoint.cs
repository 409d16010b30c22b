namespace EfSafeMigrations.Running;

/// <summary>
/// Where a backfill stands: the key of the last row that existed when it started (it never goes past
/// it), the key of the last row of the last committed batch, and the rows visited so far.
/// </summary>
/// <param name="Upper">The upper bound key.</param>
/// <param name="Lower">The last committed batch's last key; null before the first batch.</param>
/// <param name="RowsVisited">Rows visited so far.</param>
/// <param name="RowsFilled">Rows filled so far.</param>
public sealed record BackfillCheckpoint(object?[] Upper, object?[]? Lower, long RowsVisited, long RowsFilled);
