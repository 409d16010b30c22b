using System.Diagnostics;
using System.Numerics;

namespace EfSafeMigrations.Benchmarks.Flags;

/// <summary>
/// Per-call latencies in <see cref="Stopwatch"/> ticks, kept without allocating: exact below 64 ticks, above
/// that in 32 buckets per power of two (each within about 3% of the values it holds). The maximum is exact.
/// </summary>
public sealed class LatencyHistogram
{
    private const int Exact = 64;
    private const int SubBuckets = 32;
    private readonly long[] _counts = new long[Exact + ((64 - 6) * SubBuckets)];

    /// <summary>Latencies added.</summary>
    public long Count { get; private set; }

    /// <summary>The longest latency added, in ticks.</summary>
    public long Max { get; private set; }

    /// <summary>Adds one latency.</summary>
    public void Add(long ticks)
    {
        ticks = Math.Max(0, ticks);
        _counts[Index(ticks)]++;
        Count++;
        Max = Math.Max(Max, ticks);
    }

    /// <summary>Adds every latency of <paramref name="other"/>.</summary>
    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0.5 the median), in nanoseconds; 0 when empty.</summary>
    public double Nanoseconds(double q)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return ToNanoseconds(Math.Min(Middle(i), Max));
            }
        }

        return 0;
    }

    /// <summary>Ticks in nanoseconds.</summary>
    public static double ToNanoseconds(double ticks) => ticks * 1e9 / Stopwatch.Frequency;

    private static int Index(long ticks)
    {
        if (ticks < Exact)
        {
            return (int)ticks;
        }

        var power = BitOperations.Log2((ulong)ticks);
        var mantissa = (int)(ticks >> (power - 5));
        return Exact + ((power - 6) * SubBuckets) + (mantissa - SubBuckets);
    }

    private static double Middle(int index)
    {
        if (index < Exact)
        {
            return index;
        }

        var power = ((index - Exact) / SubBuckets) + 6;
        var mantissa = ((index - Exact) % SubBuckets) + SubBuckets;
        var width = 1L << (power - 5);
        return (mantissa * (double)width) + ((width - 1) / 2.0);
    }
}
