using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EfSafeMigrations.Faults;

/// <summary>Runs every fault scenario against the twin and writes the markdown report; exit code 0 when every scenario survived.</summary>
public static class Program
{
    /// <summary>Entry point: 0 every fault survived with nothing lost, 1 one did not, 2 bad usage.</summary>
    public static async Task<int> Main(string[] args)
    {
        FaultOptions? options;
        try
        {
            options = FaultOptions.Parse(args);
        }
        catch (Exception error) when (error is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}\n{FaultOptions.Usage}").ConfigureAwait(false);
            return 2;
        }

        if (options == null)
        {
            Console.WriteLine(FaultOptions.Usage);
            return 0;
        }

        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.Now;
        Console.WriteLine($"twin: {options.Customers:N0} customers, every migration by EF Core's migrator in one go");
        var twinDatabase = await ShopDatabase.CreateAsync(options.Admin, "faults_twin", options.Customers).ConfigureAwait(false);
        await twinDatabase.MigrateAllAsync().ConfigureAwait(false);
        var twin = await twinDatabase.ContentAsync().ConfigureAwait(false);
        await twinDatabase.DropAsync().ConfigureAwait(false);

        var scenarios = new FaultScenarios(options, twin);
        var (calibration, seconds) = await scenarios.CalibrateAsync().ConfigureAwait(false);
        var reports = new List<ScenarioReport>
        {
            calibration,
            await scenarios.KillsAsync(options.Kills, seconds).ConfigureAwait(false),
            await scenarios.TerminateAsync(5).ConfigureAwait(false),
            await scenarios.RestartAsync().ConfigureAwait(false),
            await scenarios.LockHolderAsync(TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(500)).ConfigureAwait(false),
            await scenarios.TwoRunnersAsync().ConfigureAwait(false),
        };

        var text = new StringBuilder();
        text.AppendLine("# Fault run (long form)").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Written by `bash benchmarks/faults.sh` on {started:yyyy-MM-dd HH:mm} for commit {options.Revision}, in {clock.Elapsed.TotalMinutes:0.0} min; {Environment.ProcessorCount} cores.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Each scenario runs on its own copy of the sample shop (`samples/Shop`): {options.Customers:N0} customers (every seventh without an email) and {options.Customers / 3:N0} orders, ");
        text.AppendLine("its Initial tables made by EF Core's migrator, then the CustomerDetails group's Expand, Backfill and Contract applied by the built `safe-migrate` tool (`--json`) under the fault. ");
        text.AppendLine("Each must end equal to the twin, a copy given every migration by EF Core's own migrator in one go with no fault: the columns, every row of both tables (md5 of the rows in key order), the indexes and constraints, and EF Core's history; no history row twice; `status --require contracted` exits 0.").AppendLine();
        text.AppendLine("| scenario | result |").AppendLine("| --- | --- |");
        foreach (var report in reports)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {report.Title} | {(report.Passed ? "survived, nothing lost" : "**FAILED**")} |");
        }

        text.AppendLine();
        foreach (var report in reports)
        {
            text.Append(report.Render());
        }

        await File.WriteAllTextAsync(options.Output, text.ToString()).ConfigureAwait(false);
        Console.WriteLine($"report: {Path.GetFullPath(options.Output)}");
        return reports.All(r => r.Passed) ? 0 : 1;
    }
}
