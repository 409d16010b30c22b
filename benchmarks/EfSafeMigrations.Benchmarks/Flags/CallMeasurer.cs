using System.Diagnostics;
using EfSafeMigrations.Benchmarks.Measure;

namespace EfSafeMigrations.Benchmarks.Flags;

/// <summary>Calls one async check over and over from one or more callers, for a number of calls or a time.</summary>
public static class CallMeasurer
{
    /// <summary>The median time between two timer reads back to back, in nanoseconds: what timing a call adds to it.</summary>
    public static double TimerOverheadNanoseconds()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 1_000_000; i++)
        {
            var start = Stopwatch.GetTimestamp();
            histogram.Add(Stopwatch.GetTimestamp() - start);
        }

        return histogram.Nanoseconds(0.5);
    }

    /// <summary>
    /// One stretch: every caller waits at the start line, then makes <paramref name="perCaller"/> calls (or calls
    /// until <paramref name="duration"/> has passed). Allocations are read on every thread before and after.
    /// </summary>
    /// <param name="call">The check; it must answer true (else the case measures the wrong thing).</param>
    /// <param name="callers">Parallel callers, each a thread-pool task.</param>
    /// <param name="perCaller">Calls each caller makes; null: until <paramref name="duration"/> has passed.</param>
    /// <param name="duration">How long the callers call when <paramref name="perCaller"/> is null.</param>
    /// <param name="histograms">One per caller to time every call; null for no timer in the loop.</param>
    /// <param name="reads">Counts the reads of the flags table; null where there is no database.</param>
    public static async Task<CallRun> RunAsync(Func<Task<bool>> call, int callers, long? perCaller, TimeSpan? duration, LatencyHistogram[]? histograms, ReadCounter? reads)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var ready = new CountdownEvent(callers);
        using var go = new ManualResetEventSlim();
        using var stop = duration is { } d ? new CancellationTokenSource(d) : new CancellationTokenSource();
        var counts = new long[callers];
        var tasks = new Task[callers];
        for (var c = 0; c < callers; c++)
        {
            var caller = c;
            tasks[c] = Task.Run(async () =>
            {
                ready.Signal();
                go.Wait();
                counts[caller] = await CallAsync(call, perCaller ?? long.MaxValue, stop.Token, histograms?[caller]).ConfigureAwait(false);
            });
        }

        ready.Wait();
        var readsBefore = reads?.Opened ?? 0;
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var start = Timestamps.Now;
        go.Set();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        var end = Timestamps.Now;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - bytes;
        return new CallRun(counts.Sum(), Timestamps.Seconds(start, end), allocated, (reads?.Opened ?? 0) - readsBefore);
    }

    private static async Task<long> CallAsync(Func<Task<bool>> call, long count, CancellationToken stop, LatencyHistogram? histogram)
    {
        long done = 0;
        while (done < count && !stop.IsCancellationRequested)
        {
            var start = histogram == null ? 0 : Stopwatch.GetTimestamp();
            var enabled = await call().ConfigureAwait(false);
            histogram?.Add(Stopwatch.GetTimestamp() - start);
            if (!enabled)
            {
                throw new BenchmarkException("the feature measured answered off; the benchmark would measure the wrong path");
            }

            done++;
        }

        return done;
    }
}
