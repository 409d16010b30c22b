namespace EfSafeMigrations.Benchmarks.Flags;

/// <summary>What one case measured: the medians over its repetitions, and the per-call latencies of its timed pass.</summary>
/// <param name="Case">The case.</param>
/// <param name="Callers">Parallel callers.</param>
/// <param name="Runs">The untimed repetitions (calls/s and allocations).</param>
/// <param name="Latencies">Every call of the timed repetitions.</param>
/// <param name="DatabaseReads">Reads of the flags table during the repetitions of both kinds; null where no database is involved.</param>
public sealed record CaseResult(FlagCase Case, int Callers, IReadOnlyList<CallRun> Runs, LatencyHistogram Latencies, long? DatabaseReads)
{
    /// <summary>Median calls per second over the repetitions, all callers together.</summary>
    public double CallsPerSecond => Median(Runs.Select(r => r.CallsPerSecond));

    /// <summary>The time one call takes as a caller sees it, from the median calls/s (no timer in the loop).</summary>
    public double NanosecondsPerCall => CallsPerSecond > 0 ? Callers * 1e9 / CallsPerSecond : 0;

    /// <summary>Median bytes allocated per call over the repetitions.</summary>
    public double BytesPerCall => Median(Runs.Select(r => r.BytesPerCall));

    /// <summary>Calls in both passes (the reads are counted over these).</summary>
    public long MeasuredCalls => Runs.Sum(r => r.Calls) + Latencies.Count;

    /// <summary>The slowest and fastest repetition's calls/s.</summary>
    public (double Min, double Max) Spread => (Runs.Min(r => r.CallsPerSecond), Runs.Max(r => r.CallsPerSecond));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
