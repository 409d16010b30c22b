namespace EfSafeMigrations.Benchmarks.Measure;

/// <summary>
/// One backfill batch as the benchmark sees it: from the runner's report of the batch before (that batch's commit
/// follows it) to its own report (its checkpoint is written, its commit follows). The batch's row locks are held
/// within this span and its commit, so the span bounds how long a writer can wait for one of its rows.
/// </summary>
/// <param name="Start">The previous batch's report (timestamp).</param>
/// <param name="End">This batch's report (timestamp).</param>
/// <param name="Rows">Rows the batch visited.</param>
public readonly record struct BatchSpan(long Start, long End, long Rows)
{
    /// <summary>Its length in milliseconds.</summary>
    public double Milliseconds => Timestamps.Milliseconds(Start, End);
}
