namespace EfSafeMigrations.Benchmarks.Reporting;

/// <summary>How fast one way filled the new column.</summary>
/// <param name="What">Which way.</param>
/// <param name="Rows">Rows filled (or visited, for the batched backfill).</param>
/// <param name="Seconds">How long it took.</param>
public sealed record BackfillRate(string What, long Rows, double Seconds)
{
    /// <summary>Rows per second.</summary>
    public double RowsPerSecond => Seconds > 0 ? Rows / Seconds : 0;
}
