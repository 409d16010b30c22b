namespace EfSafeMigrations.Running;

/// <summary>What a backfill did.</summary>
/// <param name="RowsFilled">Rows whose column was filled.</param>
/// <param name="Batches">Batches run.</param>
public sealed record BackfillResult(long RowsFilled, int Batches);
