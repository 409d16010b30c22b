using EfSafeMigrations.Benchmarks.Load;

namespace EfSafeMigrations.Benchmarks.Measure;

/// <summary>The writers' experience during some stretch of time.</summary>
/// <param name="Transactions">Transactions counted.</param>
/// <param name="Failed">Of those, how many failed.</param>
/// <param name="Seconds">The stretch's total length.</param>
/// <param name="P50Ms">Median latency.</param>
/// <param name="P99Ms">99th percentile latency.</param>
/// <param name="MaxMs">Longest latency.</param>
/// <param name="LongestSilenceMs">The longest time inside the stretch in which no transaction finished at all.</param>
public sealed record LatencyStats(int Transactions, int Failed, double Seconds, double P50Ms, double P99Ms, double MaxMs, double LongestSilenceMs)
{
    /// <summary>Transactions per second.</summary>
    public double PerSecond => Seconds > 0 ? Transactions / Seconds : 0;

    /// <summary>The transactions that overlap any of <paramref name="windows"/> (were running at some moment inside one).</summary>
    public static LatencyStats During(IReadOnlyList<TransactionSample> samples, IReadOnlyList<PhaseWindow> windows)
        => Of(samples.Where(s => windows.Any(w => Overlaps(s, w))), windows);

    /// <summary>The transactions that overlap none of <paramref name="busy"/>, over the stretches <paramref name="quiet"/> between them.</summary>
    public static LatencyStats Outside(IReadOnlyList<TransactionSample> samples, IReadOnlyList<PhaseWindow> busy, IReadOnlyList<PhaseWindow> quiet)
        => Of(samples.Where(s => !busy.Any(w => Overlaps(s, w))), quiet);

    private static bool Overlaps(TransactionSample sample, PhaseWindow window) => sample.Start < window.End && sample.End > window.Start;

    private static LatencyStats Of(IEnumerable<TransactionSample> samples, IReadOnlyList<PhaseWindow> windows)
    {
        var counted = samples.ToList();
        var latencies = counted.Select(s => Timestamps.Milliseconds(s.Start, s.End)).Order().ToList();
        var ends = counted.Select(s => s.End).Order().ToList();
        return new LatencyStats(
            latencies.Count,
            counted.Count(s => !s.Ok),
            windows.Sum(w => w.Seconds),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            latencies.Count == 0 ? 0 : latencies[^1],
            windows.Count == 0 ? 0 : windows.Max(w => LongestSilence(ends, w)));
    }

    /// <summary>The longest gap between transaction ends inside the window, its edges included.</summary>
    private static double LongestSilence(List<long> sortedEnds, PhaseWindow window)
    {
        var previous = window.Start;
        var longest = 0.0;
        foreach (var end in sortedEnds.Where(e => e >= window.Start && e <= window.End).Append(window.End))
        {
            longest = Math.Max(longest, Timestamps.Milliseconds(previous, end));
            previous = end;
        }

        return longest;
    }

    /// <summary>The <paramref name="q"/> quantile of an ascending list (0 for an empty one).</summary>
    public static double Percentile(List<double> sorted, double q)
        => sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
