using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.FeatureManagement;

namespace EfSafeMigrations.Benchmarks.Flags;

/// <summary>Writes flags.md: the run's conditions, each case's numbers, and the ratios against the baseline of the same run.</summary>
public static class FlagsReport
{
    /// <summary>The report's text.</summary>
    public static string Render(FlagsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var o = result.Options;
        var m = result.Machine;
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        void Raw(string line = "") => text.AppendLine(line);

        Raw("# Deployment flags benchmark: a flag from the flags table vs a feature from configuration");
        Raw();
        Line($"Run of {result.StartedAt:yyyy-MM-dd HH:mm} (UTC{result.StartedAt:zzz}) on **{m.Cores} cores** ({m.Cpu}), {m.Memory} RAM, {m.OperatingSystem}, {m.Runtime}.");
        Line($"Load average (1, 5, 15 min) before the run: {result.LoadBefore}; after it: {result.LoadAfter}.");
        Line($"Server: {result.ServerVersion.Split(" on ", 2)[0]}, a throwaway local server on the same machine. Library: EfSafeMigrations {o.Revision ?? "(revision not given)"}, Microsoft.FeatureManagement {Version(typeof(IFeatureManager))}, EF Core {Version(typeof(Microsoft.EntityFrameworkCore.DbContext))}, Npgsql {Version(typeof(Npgsql.NpgsqlConnection))}.");
        Line($"{result.Seconds:0} s in all. Every case ran in this one process, one after another, against the same database; the comparisons are ratios against the baseline measured in this run. Absolute numbers depend on the machine.");
        Raw();
        foreach (var headline in Headlines(result))
        {
            Raw("- " + headline);
        }

        Raw();
        Raw("## What is measured");
        Raw();
        Raw("Each call is `await featureManager.IsEnabledAsync(feature)` on the app's `IFeatureManager` (a singleton from `ServiceCollection`, as in an app), and its answer is checked to be `true`: the deployment flag is in no configuration, so a `true` comes from the flags table.");
        Raw();
        Raw("| case | the app, and what a call does |");
        Raw("|---|---|");
        foreach (var c in new[] { result.Baseline, result.Cached, result.ConfiguredBesideFlags, result.Uncached })
        {
            Raw($"| {c.Case.Name} | {c.Case.Description} |");
        }

        Raw();
        Line($"The flags table holds {result.FlagCount} flags (three groups expanded and backfilled), written with `FlagCommand`, which `dotnet safe-migrate flag` runs; the runner writes the same rows.");
        Line($"Each case is warmed up for {o.WarmupSeconds} s (the flag cases' first read of the table happens then; the warm-up also sizes the repetitions to about {o.Seconds} s). Then the cases take turns, one repetition of each per round, {o.Repetitions} rounds, so that other work on the machine falls on all of them alike: first with no timer inside the loop, for calls/s (the median repetition) and allocations (`GC.GetTotalAllocatedBytes(precise: true)` before and after each repetition, on every thread, divided by its calls; the median repetition); then {o.Repetitions} more rounds with every call timed, for the latency percentiles (timing a call adds about {result.TimerOverheadNanoseconds:0} ns to it: two `Stopwatch` reads). \"Time per call\" is the untimed one: callers ÷ calls/s. The one-caller cases take turns together, then the {o.Callers}-caller cases; with {o.Callers} callers, each is a thread-pool task, all start together and make the same number of calls, and calls/s counts them all together. \"Database reads\" counts the connections the flags provider opened during the measured repetitions. Nothing passes or fails: there are no thresholds.");
        if (result.Cpu is { } cpu)
        {
            Line($"While the cases ran the machine was {Percent(cpu.Busy)} busy (all {m.Cores} cores): this process {Percent(cpu.Own)}, PostgreSQL {(cpu.Server is { } server ? Percent(server) : "?")}, other work {(cpu.Other is { } other ? Percent(other) : "?")}.");
        }
        Raw();

        Raw("## Results");
        Raw();
        Raw("| case | callers | calls/s | slowest–fastest repetition | time per call | vs baseline | p50 latency | p99 latency | max latency | bytes/call | database reads |");
        Raw("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in result.All)
        {
            var b = result.BaselineOf(c);
            var (slowest, fastest) = c.Spread;
            Line($"| {c.Case.Name} | {c.Callers} | {c.CallsPerSecond:N0} | {slowest:N0}–{fastest:N0} | {Ns(c.NanosecondsPerCall)} | {Times(c.NanosecondsPerCall / b.NanosecondsPerCall)} | {Ns(c.Latencies.Nanoseconds(0.5))} | {Ns(c.Latencies.Nanoseconds(0.99))} | {Ns(LatencyHistogram.ToNanoseconds(c.Latencies.Max))} | {c.BytesPerCall:N0} | {(c.DatabaseReads is { } r ? FormattableString.Invariant($"{r:N0} in {c.MeasuredCalls:N0} calls") : "none")} |");
        }

        Raw();
        Raw("## Ratios against the baseline");
        Raw();
        Line($"| | 1 caller | {o.Callers} callers |");
        Raw("|---|---:|---:|");
        Line($"| time per call, cached flag ÷ configuration | {Times(Ratio(result.Cached, result.Baseline))} | {Times(Ratio(result.CachedParallel, result.BaselineParallel))} |");
        Line($"| calls/s, cached flag as a share of configuration's | {Percent(result.Cached.CallsPerSecond / result.Baseline.CallsPerSecond)} | {Percent(result.CachedParallel.CallsPerSecond / result.BaselineParallel.CallsPerSecond)} |");
        Line($"| p50 latency, cached flag ÷ configuration | {Times(result.Cached.Latencies.Nanoseconds(0.5) / result.Baseline.Latencies.Nanoseconds(0.5))} | {Times(result.CachedParallel.Latencies.Nanoseconds(0.5) / result.BaselineParallel.Latencies.Nanoseconds(0.5))} |");
        Line($"| bytes per call, cached flag − configuration | {Bytes(result.Cached.BytesPerCall - result.Baseline.BytesPerCall)} | {Bytes(result.CachedParallel.BytesPerCall - result.BaselineParallel.BytesPerCall)} |");
        Line($"| time per call, configuration feature with the flags registered ÷ without | {Times(Ratio(result.ConfiguredBesideFlags, result.Baseline))} | |");
        Line($"| time per call, flag with `CacheDuration = 0` ÷ configuration | {Times(Ratio(result.Uncached, result.Baseline))} | |");
        Line($"| time per call, flag with `CacheDuration = 0` ÷ cached flag | {Times(Ratio(result.Uncached, result.Cached))} | |");
        Raw();

        FlagsReading.Write(result, Line, Raw);

        Raw("Every untimed repetition's calls/s, in the order they ran:");
        Raw();
        foreach (var c in result.All)
        {
            Line($"- {c.Case.Name}, {c.Callers} caller{(c.Callers == 1 ? string.Empty : "s")}: {string.Join(", ", c.Runs.Select(r => r.CallsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))}");
        }

        Raw();

        Raw("## Reproduce");
        Raw();
        Raw("```bash");
        Raw("bash benchmarks/run.sh flags            # about two minutes");
        Raw("```");
        Raw();
        Line($"This run: `flags --repetitions {o.Repetitions} --seconds {o.Seconds} --warmup {o.WarmupSeconds} --callers {o.Callers}`.");
        return text.ToString();
    }

    /// <summary>The run's headline ratios, one sentence each.</summary>
    public static IReadOnlyList<string> Headlines(FlagsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var callers = result.Options.Callers;
        return
        [
            Invariant($"Cached deployment flag (default 5 s): {Ns(result.Cached.NanosecondsPerCall)} per call, {Times(Ratio(result.Cached, result.Baseline))} the configuration feature's {Ns(result.Baseline.NanosecondsPerCall)}; {result.Cached.BytesPerCall:N0} bytes per call against {result.Baseline.BytesPerCall:N0}; {result.Cached.DatabaseReads:N0} database reads in {result.Cached.MeasuredCalls:N0} calls."),
            Invariant($"With {callers} parallel callers: {result.CachedParallel.CallsPerSecond:N0} calls/s against {result.BaselineParallel.CallsPerSecond:N0}, {Percent(result.CachedParallel.CallsPerSecond / result.BaselineParallel.CallsPerSecond)} of the configuration feature's throughput."),
            Invariant($"Flag with CacheDuration = 0 (a read of the table per call): {Ns(result.Uncached.NanosecondsPerCall)} per call, {Times(Ratio(result.Uncached, result.Baseline))} the configuration feature and {Times(Ratio(result.Uncached, result.Cached))} the cached flag."),
        ];
    }

    private static double Ratio(CaseResult a, CaseResult b) => a.NanosecondsPerCall / b.NanosecondsPerCall;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Version(Type type)
        => (type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? type.Assembly.GetName().Version?.ToString() ?? "?").Split('+')[0];

    /// <summary>Nanoseconds, or microseconds and milliseconds where they read better.</summary>
    internal static string Ns(double ns) => ns switch
    {
        >= 1_000_000 => (ns / 1_000_000).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        >= 10_000 => (ns / 1000).ToString("0", CultureInfo.InvariantCulture) + " µs",
        >= 1000 => (ns / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " µs",
        _ => ns.ToString("0", CultureInfo.InvariantCulture) + " ns",
    };

    /// <summary>A ratio as "1.23×".</summary>
    internal static string Times(double ratio) => double.IsFinite(ratio)
        ? ratio.ToString(ratio >= 100 ? "N0" : ratio >= 10 ? "0" : "0.00", CultureInfo.InvariantCulture) + "×"
        : "n/a";

    /// <summary>A share as "87%".</summary>
    internal static string Percent(double share) => double.IsFinite(share) ? (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string Bytes(double bytes) => (bytes >= 0 ? "+" : "−") + Math.Abs(bytes).ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
