namespace EfSafeMigrations.Benchmarks.Flags;

/// <summary>The report's reading of the numbers: what they say, each sentence computed from this run.</summary>
public static class FlagsReading
{
    /// <summary>Writes the section.</summary>
    public static void Write(FlagsResult result, Action<FormattableString> line, Action<string> raw)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(raw);
        var baseline = result.Baseline;
        var cached = result.Cached;
        var beside = result.ConfiguredBesideFlags;
        var uncached = result.Uncached;
        var callers = result.Options.Callers;
        var extraNs = cached.NanosecondsPerCall - baseline.NanosecondsPerCall;
        var extraBytes = cached.BytesPerCall - baseline.BytesPerCall;
        var passThroughBytes = beside.BytesPerCall - baseline.BytesPerCall;

        raw("## Reading");
        raw("");
        line($"- **Cached**: with the default cache the flags table was read {cached.DatabaseReads + result.CachedParallel.DatabaseReads:N0} times in {cached.MeasuredCalls + result.CachedParallel.MeasuredCalls:N0} calls of the flag (both caller counts), about once per 5 s of calling, as configured; every other call was answered from memory.");
        line($"- **Cheap, but not free**: a cached flag costs {Times(cached, baseline)} a configuration feature on one caller ({FlagsReport.Ns(cached.NanosecondsPerCall)} against {FlagsReport.Ns(baseline.NanosecondsPerCall)}, {FlagsReport.Ns(extraNs)} more per call) and {FlagsReport.Times(result.CachedParallel.NanosecondsPerCall / result.BaselineParallel.NanosecondsPerCall)} with {callers} callers. It is the same order of magnitude as a feature from configuration, not the same cost; against one read of the table ({FlagsReport.Ns(uncached.NanosecondsPerCall)} per call with `CacheDuration = 0`) it is {FlagsReport.Times(uncached.NanosecondsPerCall / cached.NanosecondsPerCall)} cheaper.");
        line($"- **Where the difference comes from** (from the code, not measured apart): for every call the flags provider takes its lock to compare the clock with the cache's expiry, looks the name up and returns the flag's definition as a completed task, both built once per read of the table, so the provider itself allocates nothing per call; the rest is FeatureManagement evaluating the definition's `AlwaysOn` filter instead of a plain on/off from configuration. A configuration feature in the same app, which only passes through the provider, allocates {FlagsReport.Times(beside.BytesPerCall / baseline.BytesPerCall)} as much ({passThroughBytes:+0;-0;0} bytes) and takes {Times(beside, baseline)} the time: registering the flags makes every feature of the app somewhat dearer, not only the flags. The flag allocates {extraBytes:+0;-0;0} bytes per call against the baseline's {baseline.BytesPerCall:0}.");
        var singleShare = cached.CallsPerSecond / baseline.CallsPerSecond;
        var parallelShare = result.CachedParallel.CallsPerSecond / result.BaselineParallel.CallsPerSecond;
        var gap = Math.Abs(parallelShare - singleShare) < 0.05 ? "about the same gap as" : parallelShare < singleShare ? "a wider gap than" : "a narrower gap than";
        line($"- **Concurrency**: with {callers} callers on {result.Machine.Cores} cores the cached flag kept {FlagsReport.Percent(parallelShare)} of the configuration feature's calls/s, {gap} with one caller ({FlagsReport.Percent(singleShare)}); its p50 latency went from {FlagsReport.Ns(cached.Latencies.Nanoseconds(0.5))} with one caller to {FlagsReport.Ns(result.CachedParallel.Latencies.Nanoseconds(0.5))}. The provider takes one lock per call, held only to compare the clock with the expiry; this run does not separate contention for it from the garbage collections all threads share. More callers than cores measure how the calls share the cores, not a parallel speed-up.");
        line($"- **Tails**: the longest calls ({FlagsReport.Ns(LatencyHistogram.ToNanoseconds(baseline.Latencies.Max))} for the baseline, {FlagsReport.Ns(LatencyHistogram.ToNanoseconds(cached.Latencies.Max))} for the cached flag with one caller) mix pauses of the process or the machine (garbage collections, other work), which the baseline has too, with the call that finds the cache expired: it waits for the read (about {FlagsReport.Ns(uncached.Latencies.Nanoseconds(0.5))}, the uncached p50), once per 5 s, and with many callers all of them wait for that one read.");
        line($"- **`CacheDuration = 0`** reads the table on every call ({uncached.DatabaseReads:N0} reads in {uncached.MeasuredCalls:N0} calls), allocates {uncached.BytesPerCall / 1024:N0} KiB per call and costs {Times(uncached, baseline)} a configuration feature: for tests and demos, not for a hot path.");
        var spread = result.All.Where(c => c.Spread.Max > 1.3 * c.Spread.Min).ToList();
        var spreadText = spread.Count == 0
            ? "no case's fastest repetition was more than 1.3× its slowest."
            : "the repetitions of " + string.Join(", ", spread.Select(c => FormattableString.Invariant($"{c.Case.Name} with {c.Callers} caller{(c.Callers == 1 ? string.Empty : "s")} ({FlagsReport.Times(c.Spread.Max / c.Spread.Min)} from slowest to fastest)"))) + " spread widely (every repetition is listed below), so their medians and ratios are less certain than the others.";
        var otherText = result.Cpu?.Other is { } other ? $"other work took {FlagsReport.Percent(other)} of the machine while the cases ran; " : string.Empty;
        line($"- **Noise**: {otherText}{spreadText} The cases took turns, so a disturbance fell on all of them; the ratios are the numbers to compare, not the absolute times.");
        raw("");
    }

    private static string Times(CaseResult a, CaseResult b) => FlagsReport.Times(a.NanosecondsPerCall / b.NanosecondsPerCall);
}
