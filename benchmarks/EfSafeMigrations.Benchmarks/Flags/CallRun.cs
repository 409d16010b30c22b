namespace EfSafeMigrations.Benchmarks.Flags;

/// <summary>One stretch of calls by all callers together.</summary>
/// <param name="Calls">Calls made, by all callers.</param>
/// <param name="Seconds">Wall time from the callers' start to the last one's end.</param>
/// <param name="Bytes">Bytes allocated meanwhile, on every thread of the process.</param>
/// <param name="Reads">Reads of the flags table meanwhile.</param>
public sealed record CallRun(long Calls, double Seconds, long Bytes, long Reads)
{
    /// <summary>Calls per second, all callers together.</summary>
    public double CallsPerSecond => Seconds > 0 ? Calls / Seconds : 0;

    /// <summary>Bytes allocated per call.</summary>
    public double BytesPerCall => Calls > 0 ? Bytes / (double)Calls : 0;
}
