using System.Globalization;
using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Benchmarks.Reporting;
using EfSafeMigrations.Deployment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;

namespace EfSafeMigrations.Benchmarks.Flags;

/// <summary>
/// The deployment flags benchmark: <c>IFeatureManager.IsEnabledAsync</c> on a feature from configuration (the
/// baseline) and on a deployment flag with and without the cache, in one run; writes flags.md.
/// </summary>
public static class FlagsBenchmark
{
    /// <summary>The report's file name.</summary>
    public const string FileName = "flags.md";

    /// <summary>Runs every case and writes the report.</summary>
    public static async Task RunAsync(FlagsOptions options, Action<string> print)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(print);
        var started = DateTimeOffset.Now;
        var start = Timestamps.Now;
        var loadBefore = MachineInfo.LoadAverage();
        var machine = MachineInfo.Read();
        print($"EfSafeMigrations flags benchmark: {options.Repetitions} repetitions of {options.Seconds} s per case after {options.WarmupSeconds} s of warm-up, {options.Callers} parallel callers, {machine.Cores} cores (load average {loadBefore}); report to {Path.GetFullPath(options.Output)}");

        // Every parallel caller gets a thread at once, as requests in a busy app do.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, (options.Callers * 2) + 2), io);

        var database = await FlagsDatabase.CreateAsync(options.Connection).ConfigureAwait(false);
        try
        {
            var flag = PhaseFlags.Backfilled(FlagsDatabase.Group);
            var configured = FeatureHosts.ConfiguredFeature;
            var cachedReads = new ReadCounter();
            var uncachedReads = new ReadCounter();
            await using var configuration = FeatureHosts.Configuration();
            await using var cachedApp = FeatureHosts.Flags(database.ConnectionString, null, cachedReads);
            await using var uncachedApp = FeatureHosts.Flags(database.ConnectionString, TimeSpan.Zero, uncachedReads);
            var configurationFeatures = configuration.GetRequiredService<IFeatureManager>();
            var cachedFeatures = cachedApp.GetRequiredService<IFeatureManager>();
            var uncachedFeatures = uncachedApp.GetRequiredService<IFeatureManager>();

            var baselineCase = new FlagCase("configuration (baseline)", configured, $"`FeatureManagement:{configured} = true` in an in-memory configuration; `AddFeatureManagement()` only, no database anywhere");
            var cachedCase = new FlagCase("deployment flag, default cache (5 s)", flag, $"`{flag}`, set on in the flags table; `AddFeatureManagement().AddSafeMigrationsFlags<FlagsContext>()`; measured after the first read");
            var besideCase = new FlagCase("configuration feature, flags registered", configured, $"`{configured}` from configuration in the app with the flags (default cache): the flags provider is asked first and passes it on");
            var uncachedCase = new FlagCase("deployment flag, `CacheDuration = 0`", flag, $"`{flag}` with `o.CacheDuration = TimeSpan.Zero`: every call reads the flags table (a context from a DI scope, a pooled connection, the query)");
            CaseMeasurement Case(FlagCase flagCase, IFeatureManager features, int callers, ReadCounter? reads)
                => new(flagCase, () => features.IsEnabledAsync(flagCase.Feature), callers, reads);

            var timer = CallMeasurer.TimerOverheadNanoseconds();
            var cpuBefore = CpuSnapshot.Take(database.PostmasterPid);
            var single = new[]
            {
                Case(baselineCase, configurationFeatures, 1, null),
                Case(cachedCase, cachedFeatures, 1, cachedReads),
                Case(besideCase, cachedFeatures, 1, cachedReads),
                Case(uncachedCase, uncachedFeatures, 1, uncachedReads),
            };
            print("one caller: configuration, cached flag, configuration beside the flags, uncached flag, taking turns");
            var singleResults = await MeasureAsync(single, options, print).ConfigureAwait(false);
            var parallel = new[]
            {
                Case(baselineCase, configurationFeatures, options.Callers, null),
                Case(cachedCase, cachedFeatures, options.Callers, cachedReads),
            };
            print($"{options.Callers} callers: configuration, cached flag, taking turns");
            var parallelResults = await MeasureAsync(parallel, options, print).ConfigureAwait(false);
            var cpu = CpuSnapshot.Take(database.PostmasterPid) is { } after && cpuBefore != null ? after.Since(cpuBefore) : null;

            var result = new FlagsResult
            {
                Options = options,
                Machine = machine,
                StartedAt = started,
                LoadBefore = loadBefore,
                LoadAfter = MachineInfo.LoadAverage(),
                ServerVersion = database.ServerVersion,
                FlagCount = database.FlagCount,
                TimerOverheadNanoseconds = timer,
                Seconds = Timestamps.Seconds(start, Timestamps.Now),
                Cpu = cpu,
                Baseline = singleResults[0],
                Cached = singleResults[1],
                ConfiguredBesideFlags = singleResults[2],
                Uncached = singleResults[3],
                BaselineParallel = parallelResults[0],
                CachedParallel = parallelResults[1],
            };
            Directory.CreateDirectory(options.Output);
            var path = Path.Combine(options.Output, FileName);
            await File.WriteAllTextAsync(path, FlagsReport.Render(result)).ConfigureAwait(false);
            foreach (var line in FlagsReport.Headlines(result))
            {
                print(line);
            }

            print(string.Create(CultureInfo.InvariantCulture, $"report: {Path.GetFullPath(path)}"));
        }
        finally
        {
            if (!options.Keep)
            {
                await database.DropAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Warms every case up, then takes turns: one untimed repetition of each case per round, then one timed
    /// repetition of each per round.
    /// </summary>
    private static async Task<IReadOnlyList<CaseResult>> MeasureAsync(IReadOnlyList<CaseMeasurement> cases, FlagsOptions options, Action<string> print)
    {
        foreach (var measurement in cases)
        {
            await measurement.WarmUpAsync(options.WarmupSeconds, options.Seconds).ConfigureAwait(false);
        }

        for (var round = 0; round < options.Repetitions; round++)
        {
            foreach (var measurement in cases)
            {
                await measurement.RepeatAsync().ConfigureAwait(false);
            }
        }

        for (var round = 0; round < options.Repetitions; round++)
        {
            foreach (var measurement in cases)
            {
                await measurement.TimeAsync().ConfigureAwait(false);
            }
        }

        var results = cases.Select(c => c.Result()).ToList();
        foreach (var result in results)
        {
            print(FormattableString.Invariant($"  {result.Case.Name}, {result.Callers} caller{(result.Callers == 1 ? string.Empty : "s")}: {result.CallsPerSecond:N0} calls/s, {result.NanosecondsPerCall:N0} ns per call, p50 {result.Latencies.Nanoseconds(0.5):N0} ns, p99 {result.Latencies.Nanoseconds(0.99):N0} ns, {result.BytesPerCall:N0} bytes per call{(result.DatabaseReads is { } r ? $", {r:N0} database reads in {result.MeasuredCalls:N0} calls" : string.Empty)}"));
        }

        return results;
    }
}
