using System.Globalization;
using EfSafeMigrations.Benchmarks.Checks;
using EfSafeMigrations.Benchmarks.Flags;
using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Benchmarks.Reporting;
using EfSafeMigrations.Benchmarks.Scenarios;
using EfSafeMigrations.Benchmarks.Setup;

namespace EfSafeMigrations.Benchmarks;

/// <summary>Runs the benchmark: setup, the copies one after another, checks, report; or, with <c>flags</c>, the deployment flags benchmark.</summary>
public static class Program
{
    /// <summary>Entry point; exit code 0 done, 1 failed, 2 bad usage. The word <c>flags</c> selects the deployment flags benchmark.</summary>
    public static Task<int> Main(string[] args)
        => FlagsOptions.Requested(args)
            ? MainAsync(() => FlagsOptions.Parse(args), FlagsOptions.Usage, options => FlagsBenchmark.RunAsync(options, Print))
            : MainAsync(() => BenchmarkOptions.Parse(args), BenchmarkOptions.Usage, RunAsync);

    private static async Task<int> MainAsync<TOptions>(Func<TOptions?> parse, string usage, Func<TOptions, Task> run)
        where TOptions : class
    {
        TOptions? options;
        try
        {
            options = parse();
        }
        catch (ArgumentException error)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}\n\n{usage}").ConfigureAwait(false);
            return 2;
        }

        if (options == null)
        {
            Console.WriteLine(usage);
            return 0;
        }

        try
        {
            await run(options).ConfigureAwait(false);
            return 0;
        }
        catch (BenchmarkException error)
        {
            await Console.Error.WriteLineAsync($"benchmark failed: {error.Message}").ConfigureAwait(false);
            return 1;
        }
#pragma warning disable CA1031 // Whatever went wrong is reported with its stack trace and the exit code says it failed.
        catch (Exception error)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"benchmark failed: {error}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task RunAsync(BenchmarkOptions options)
    {
        var started = DateTimeOffset.Now;
        var loadBefore = MachineInfo.LoadAverage();
        var machine = MachineInfo.Read();
        var parts = new List<(string Part, double Seconds)>();
        Print($"EfSafeMigrations benchmark: {options.Rows:N0} rows, {options.Writers} writers pausing {options.ThinkMs} ms, {machine.Cores} cores (load average {loadBefore}); report to {Path.GetFullPath(options.Output)}");

        Print("setup: seed database and its copies");
        var databases = await TimedAsync(parts, "setup", () => BenchDatabases.CreateAsync(options.Connection, options.Rows, options.Regions, options.UnloadedRounds, Print)).ConfigureAwait(false);
        foreach (var (step, seconds) in databases.Timings)
        {
            Print(FormattableString.Invariant($"  {step}: {seconds:0.00} s"));
        }

        try
        {
            Print("baseline copy: single UPDATE under the writer load");
            var baseline = await TimedAsync(parts, "baseline copy", () => BaselineScenario.RunAsync(databases.Baseline, options)).ConfigureAwait(false);
            Summarize(baseline);
            await TimedAsync(parts, "vacuum", () => BenchDatabases.VacuumAsync(databases.Baseline)).ConfigureAwait(false);

            Print($"expanded and unloaded copies: the single UPDATE after the staged Expand, and the staged Backfill, no writers, {options.UnloadedRounds} rounds");
            var unloaded = await TimedAsync(parts, "copies with no writers", () => UnloadedScenario.RunAsync(databases, Print)).ConfigureAwait(false);

            Print("plain copy: the EF Core migration under the writer load");
            var plain = await TimedAsync(parts, "plain copy", () => PlainScenario.RunAsync(databases.Plain, options)).ConfigureAwait(false);
            Summarize(plain);
            await TimedAsync(parts, "vacuum", () => BenchDatabases.VacuumAsync(databases.Plain)).ConfigureAwait(false);

            Print("staged copy: expand, backfill, roll-out, contract with the runner under the writer load");
            var staged = await TimedAsync(parts, "staged copy", () => StagedScenario.RunAsync(databases.Staged, options, Print)).ConfigureAwait(false);
            Summarize(staged);

            Print("checks: final schemas and rows");
            var (differences, data) = await TimedAsync(parts, "checks", async () =>
            {
                var differences = SchemaSnapshot.Differences(
                    await SchemaSnapshot.ReadAsync(databases.Plain).ConfigureAwait(false), "plain",
                    await SchemaSnapshot.ReadAsync(databases.Staged).ConfigureAwait(false), "staged");
                var data = new Dictionary<string, DataCheck>
                {
                    ["baseline"] = await DataCheck.ReadAsync(databases.Baseline, options.Rows).ConfigureAwait(false),
                    ["plain"] = await DataCheck.ReadAsync(databases.Plain, options.Rows).ConfigureAwait(false),
                    ["staged"] = await DataCheck.ReadAsync(databases.Staged, options.Rows).ConfigureAwait(false),
                };
                return (differences, data);
            }).ConfigureAwait(false);
            Print(differences.Count == 0 ? "  plain and staged schemas are equal" : "  schemas differ:\n    " + string.Join("\n    ", differences));

            var result = new BenchmarkResult
            {
                Options = options,
                Machine = machine,
                StartedAt = started,
                LoadBefore = loadBefore,
                LoadAfter = MachineInfo.LoadAverage(),
                Databases = databases,
                Baseline = baseline,
                Unloaded = unloaded,
                Plain = plain,
                Staged = staged,
                SchemaDifferences = differences,
                Data = data,
                Parts = parts.GroupBy(p => p.Part).Select(g => (g.Key, g.Sum(p => p.Seconds))).ToList(),
            };
            Directory.CreateDirectory(options.Output);
            var plotProblem = await PlotWriter.WriteAsync(result, options.Output).ConfigureAwait(false);
            if (plotProblem != null)
            {
                Print($"picture not drawn: {plotProblem}");
            }

            await File.WriteAllTextAsync(Path.Combine(options.Output, ReportWriter.FileName), ReportWriter.Render(result, plotProblem)).ConfigureAwait(false);
            PrintRates(result);
            Print($"report: {Path.GetFullPath(Path.Combine(options.Output, ReportWriter.FileName))}");
        }
        finally
        {
            if (!options.Keep)
            {
                await databases.DropAsync(Print).ConfigureAwait(false);
            }
        }
    }

    private static void Summarize(ScenarioRun run)
    {
        var quiet = run.QuietStats;
        if (run.Cpu is { } cpu)
        {
            Print(FormattableString.Invariant($"  machine CPU: {cpu.Busy:P0} busy; this process {cpu.Own:P0}, PostgreSQL {(cpu.Server is { } s ? s.ToString("P0", CultureInfo.InvariantCulture) : "?")}, other work {(cpu.Other is { } o ? o.ToString("P0", CultureInfo.InvariantCulture) : "?")}"));
        }

        Print(FormattableString.Invariant($"  no migration running: {quiet.PerSecond:N0} tx/s, p99 {quiet.P99Ms:0.0} ms, max {quiet.MaxMs:0.0} ms, {quiet.Failed} failed"));
        foreach (var phase in run.Phases)
        {
            var stats = run.StatsOf(phase);
            Print(FormattableString.Invariant($"  {phase.Name}: {phase.Seconds:0.00} s; writers {stats.PerSecond:N0} tx/s, p99 {stats.P99Ms:0.0} ms, max {stats.MaxMs:0.0} ms, no commit for {stats.LongestSilenceMs:0} ms, {stats.Failed} failed"));
        }
    }

    private static void PrintRates(BenchmarkResult result)
    {
        var single = Metrics.SingleUpdate(result);
        foreach (var rate in Metrics.Rates(result))
        {
            Print(FormattableString.Invariant($"backfill: {rate.What}: {rate.Rows:N0} rows in {rate.Seconds:0.00} s = {rate.RowsPerSecond:N0} rows/s ({rate.RowsPerSecond / single.RowsPerSecond:0.00}× the single UPDATE)"));
        }
    }

    private static async Task<T> TimedAsync<T>(List<(string Part, double Seconds)> parts, string part, Func<Task<T>> action)
    {
        var start = Timestamps.Now;
        var value = await action().ConfigureAwait(false);
        parts.Add((part, Timestamps.Seconds(start, Timestamps.Now)));
        return value;
    }

    private static async Task TimedAsync(List<(string Part, double Seconds)> parts, string part, Func<Task> action)
        => await TimedAsync(parts, part, async () =>
        {
            await action().ConfigureAwait(false);
            return 0;
        }).ConfigureAwait(false);

    private static void Print(string line)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {line}"));
}
