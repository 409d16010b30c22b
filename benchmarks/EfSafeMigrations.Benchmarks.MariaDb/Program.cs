using System.Globalization;
using EfSafeMigrations.Benchmarks.MariaDb.Checks;
using EfSafeMigrations.Benchmarks.MariaDb.Reporting;
using EfSafeMigrations.Benchmarks.MariaDb.Scenarios;
using EfSafeMigrations.Benchmarks.MariaDb.Setup;
using EfSafeMigrations.Benchmarks.Reporting;

namespace EfSafeMigrations.Benchmarks.MariaDb;

/// <summary>Runs the MariaDB benchmark: setup, the three copies one after another, checks, report.</summary>
public static class Program
{
    /// <summary>Entry point; exit code 0 done, 1 failed, 2 bad usage.</summary>
    public static async Task<int> Main(string[] args)
    {
        MariaDbBenchOptions? options;
        try
        {
            options = MariaDbBenchOptions.Parse(args);
        }
        catch (ArgumentException error)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}\n\n{MariaDbBenchOptions.Usage}").ConfigureAwait(false);
            return 2;
        }

        if (options == null)
        {
            Console.WriteLine(MariaDbBenchOptions.Usage);
            return 0;
        }

        try
        {
            await RunAsync(options).ConfigureAwait(false);
            return 0;
        }
#pragma warning disable CA1031 // Whatever went wrong is reported with its stack trace and the exit code says it failed.
        catch (Exception error)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"benchmark failed: {error}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task RunAsync(MariaDbBenchOptions options)
    {
        var started = DateTimeOffset.Now;
        var loadBefore = MachineInfo.LoadAverage();
        var machine = MachineInfo.Read();
        var parts = new List<(string Part, double Seconds)>();
        Print($"EfSafeMigrations benchmark on MariaDB: {options.Rows:N0} rows, {options.Writers} writers pausing {options.ThinkMs} ms, {machine.Cores} cores (load average {loadBefore}); report to {Path.GetFullPath(options.Output)}");

        Print("setup: three copies");
        var copies = await TimedAsync(parts, "setup", () => MariaDbCopies.CreateAsync(options.Connection, options.Rows, Print)).ConfigureAwait(false);
        try
        {
            Print("baseline copy: single UPDATE under the writer load");
            var baseline = await TimedAsync(parts, "baseline copy", () => MariaDbScenarios.BaselineAsync(copies.Baseline, options)).ConfigureAwait(false);
            Summarize(baseline);
            Print("plain copy: Pomelo's migration under the writer load");
            var plain = await TimedAsync(parts, "plain copy", () => MariaDbScenarios.PlainAsync(copies.Plain, options)).ConfigureAwait(false);
            Summarize(plain);
            Print("staged copy: expand, backfill, roll-out, contract with the runner under the writer load");
            var staged = await TimedAsync(parts, "staged copy", () => MariaDbScenarios.StagedAsync(copies.Staged, options, Print)).ConfigureAwait(false);
            Summarize(staged);

            Print("checks: final schemas and rows");
            var differences = MariaDbSchema.Differences(
                await MariaDbSchema.ReadAsync(copies.Plain).ConfigureAwait(false), "plain",
                await MariaDbSchema.ReadAsync(copies.Staged).ConfigureAwait(false), "staged");
            var data = new Dictionary<string, MariaDbDataCheck>
            {
                ["baseline"] = await MariaDbDataCheck.ReadAsync(copies.Baseline, options.Rows).ConfigureAwait(false),
                ["plain"] = await MariaDbDataCheck.ReadAsync(copies.Plain, options.Rows).ConfigureAwait(false),
                ["staged"] = await MariaDbDataCheck.ReadAsync(copies.Staged, options.Rows).ConfigureAwait(false),
            };
            Print(differences.Count == 0 ? "  plain and staged schemas are equal" : "  schemas differ:\n    " + string.Join("\n    ", differences));
            Print($"  staged rows: {data["staged"].Rows:N0}, Label NULL {data["staged"].NullLabel:N0}, Label wrong {data["staged"].WrongLabel:N0}");

            var result = new MariaDbResult
            {
                Options = options,
                Machine = machine,
                StartedAt = started,
                LoadBefore = loadBefore,
                LoadAfter = MachineInfo.LoadAverage(),
                Server = await copies.ServerAsync().ConfigureAwait(false),
                TableBytes = copies.TableBytes,
                Baseline = baseline,
                Plain = plain,
                Staged = staged,
                SchemaDifferences = differences,
                Data = data,
                Parts = [.. copies.Timings.Select(t => ("setup: " + t.Step, t.Seconds)), .. parts.Where(p => p.Part != "setup")],
            };
            Directory.CreateDirectory(options.Output);
            var report = Path.Combine(options.Output, MariaDbReport.FileName);
            await File.WriteAllTextAsync(report, MariaDbReport.Render(result)).ConfigureAwait(false);
            Print($"report: {Path.GetFullPath(report)}");
        }
        finally
        {
            if (!options.Keep)
            {
                await copies.DropAsync().ConfigureAwait(false);
            }
        }
    }

    private static void Summarize(MariaDbScenarioRun run)
    {
        var quiet = run.QuietStats;
        Print(FormattableString.Invariant($"  no migration running: {quiet.PerSecond:N0} tx/s, p99 {quiet.P99Ms:0.0} ms, max {quiet.MaxMs:0.0} ms, {quiet.Failed} failed"));
        foreach (var phase in run.Phases)
        {
            var stats = run.StatsOf(phase);
            Print(FormattableString.Invariant($"  {phase.Name}: {phase.Seconds:0.00} s; writers {stats.PerSecond:N0} tx/s, p99 {stats.P99Ms:0.0} ms, max {stats.MaxMs:0.0} ms, no commit for {stats.LongestSilenceMs:0} ms, {stats.Failed} failed"));
        }
    }

    private static async Task<T> TimedAsync<T>(List<(string Part, double Seconds)> parts, string part, Func<Task<T>> action)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var value = await action().ConfigureAwait(false);
        parts.Add((part, clock.Elapsed.TotalSeconds));
        return value;
    }

    private static void Print(string line)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {line}"));
}
