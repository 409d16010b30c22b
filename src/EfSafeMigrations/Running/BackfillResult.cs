namespace EfSafeMigrations.Running;

/// <summary>What a backfill did.</summary>
/// <param name="RowsFilled">Rows whose column was filled (this run and, when resumed, the runs before).</param>
/// <param name="Batches">Batches run by this run.</param>
/// <param name="RowsVisited">Rows visited (this run and the runs before).</param>
public sealed record BackfillResult(long RowsFilled, int Batches, long RowsVisited = 0);
