namespace EfSafeMigrations.Benchmarks.Scenarios;

/// <summary>One round of the no-writer pair, each on fresh copies.</summary>
/// <param name="Round">Its number, from 1.</param>
/// <param name="BackfillFirst">Whether the staged Backfill ran before the single UPDATE in this round.</param>
/// <param name="UpdateRows">Rows the single UPDATE after Expand changed.</param>
/// <param name="UpdateSeconds">How long it took.</param>
/// <param name="BackfillRows">Rows the staged Backfill visited.</param>
/// <param name="BackfillSeconds">From the Backfill phase's start to its last batch.</param>
public sealed record UnloadedRound(int Round, bool BackfillFirst, long UpdateRows, double UpdateSeconds, long BackfillRows, double BackfillSeconds)
{
    /// <summary>The staged Backfill's rows/s against the single UPDATE's.</summary>
    public double Ratio => BackfillRows / BackfillSeconds / (UpdateRows / UpdateSeconds);
}
