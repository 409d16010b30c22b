namespace EfSafeMigrations.Benchmarks.Flags;

/// <summary>
/// One case being measured: warmed up once, then one repetition at a time, so the benchmark can take turns
/// between cases and a stretch of other work on the machine falls on all of them alike.
/// </summary>
/// <param name="flagCase">What is measured.</param>
/// <param name="call">The check; it must answer true.</param>
/// <param name="callers">Parallel callers.</param>
/// <param name="reads">Counts the app's reads of the flags table; null where there is no database.</param>
public sealed class CaseMeasurement(FlagCase flagCase, Func<Task<bool>> call, int callers, ReadCounter? reads)
{
    private readonly List<CallRun> _runs = [];
    private readonly LatencyHistogram _latencies = new();
    private long _perCaller;
    private long _reads;

    /// <summary>Calls for <paramref name="seconds"/> and sizes the repetitions to last about <paramref name="repetitionSeconds"/>.</summary>
    public async Task WarmUpAsync(int seconds, int repetitionSeconds)
    {
        var warmUp = await CallMeasurer.RunAsync(call, callers, perCaller: null, TimeSpan.FromSeconds(seconds), histograms: null, reads).ConfigureAwait(false);
        _perCaller = Math.Max(1, (long)(warmUp.CallsPerSecond * repetitionSeconds / callers));
    }

    /// <summary>One repetition with no timer in the loop: calls/s and allocations.</summary>
    public async Task RepeatAsync()
    {
        var run = await CallMeasurer.RunAsync(call, callers, _perCaller, null, histograms: null, reads).ConfigureAwait(false);
        _runs.Add(run);
        _reads += run.Reads;
    }

    /// <summary>One repetition with every call timed: the latencies.</summary>
    public async Task TimeAsync()
    {
        var histograms = Enumerable.Range(0, callers).Select(_ => new LatencyHistogram()).ToArray();
        var run = await CallMeasurer.RunAsync(call, callers, _perCaller, null, histograms, reads).ConfigureAwait(false);
        foreach (var histogram in histograms)
        {
            _latencies.Add(histogram);
        }

        _reads += run.Reads;
    }

    /// <summary>What was measured.</summary>
    public CaseResult Result() => new(flagCase, callers, _runs, _latencies, reads == null ? null : _reads);
}
