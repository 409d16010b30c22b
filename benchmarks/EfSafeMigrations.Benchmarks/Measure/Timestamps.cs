using System.Diagnostics;

namespace EfSafeMigrations.Benchmarks.Measure;

/// <summary>Conversions of <see cref="Stopwatch"/> timestamps, the one clock of the benchmark.</summary>
public static class Timestamps
{
    /// <summary>Now.</summary>
    public static long Now => Stopwatch.GetTimestamp();

    /// <summary>Seconds from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;

    /// <summary>Milliseconds from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
