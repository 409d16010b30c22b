using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace EfSafeMigrations.Faults;

/// <summary>
/// The fault scenarios, each on its own copy of the seeded shop, each ending with the same checks against the twin: the
/// content equal row for row, no duplicate history row, <c>status --require contracted</c> passing.
/// </summary>
/// <param name="options">Where the tool, the shop and the server are.</param>
/// <param name="twin">The twin's content.</param>
internal sealed class FaultScenarios(FaultOptions options, IReadOnlyList<(string What, string Value)> twin)
{
    private static readonly string[] Phases = ["expand", "backfill", "contract"];
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(10);
    private readonly Random _random = new(options.Seed);

    /// <summary>Each phase once with no fault: how long each takes (the kill moments are drawn within it).</summary>
    public async Task<(ScenarioReport Report, Dictionary<string, double> Seconds)> CalibrateAsync()
    {
        var report = new ScenarioReport("No fault (calibration)");
        var database = await SeedAsync("faults_calibrate", report).ConfigureAwait(false);
        var seconds = new Dictionary<string, double>();
        foreach (var phase in Phases)
        {
            var result = await RunAsync(database, phase, []).ConfigureAwait(false);
            seconds[phase] = result.Seconds;
            report.Log($"{phase}: {result.Describe()}");
            report.Facts.Add(($"{phase} without a fault", F($"{result.Seconds:0.0} s, exit {result.ExitCode}")));
        }

        await FinishAsync(database, report).ConfigureAwait(false);
        return (report, seconds);
    }

    /// <summary>
    /// The tool alone killed with SIGKILL at <paramref name="kills"/> random moments over the three phases, each kill
    /// followed by the same command (killed again, up to three times a phase), then the same command until it exits 0.
    /// A phase applied before its kills are used up ends the round; the next round starts on a fresh copy, until every
    /// kill has hit a running tool. Each round's copy is checked against the twin.
    /// </summary>
    public async Task<ScenarioReport> KillsAsync(int kills, IReadOnlyDictionary<string, double> seconds)
    {
        var report = new ScenarioReport($"SIGKILL of the tool at {kills} random moments");
        var killed = 0;
        var perPhase = new Dictionary<string, int>(StringComparer.Ordinal);
        var hostEnds = new List<double>();
        for (var round = 1; killed < kills && round <= 8; round++)
        {
            var database = await SeedAsync($"faults_kill{round}", report).ConfigureAwait(false);
            foreach (var phase in Phases)
            {
                for (var attempt = 0; attempt < 3 && killed < kills; attempt++)
                {
                    var rowsBefore = await database.BackfilledRowsAsync().ConfigureAwait(false);

                    // Within what is left of the phase: a backfill that resumes has fewer rows to go.
                    var left = phase == "backfill" ? Math.Max(0.2, 1 - ((double)rowsBefore / options.Customers)) : 1;
                    var moment = 0.3 + (_random.NextDouble() * Math.Max(0.5, (0.9 * seconds[phase] * left) - 0.3));
                    using var run = ToolRun.Start(options.Tool, Command(database, phase, ["--wait-for-lock", "2m"]));
                    await WaitAsync(run, moment).ConfigureAwait(false);
                    var host = run.HostId();
                    if (!run.Kill())
                    {
                        var ended = await run.WaitAsync(RunTimeout).ConfigureAwait(false);
                        report.Log(F($"round {round}, {phase}: the kill at {moment:0.00} s came after the end: {ended.Describe()}"));
                        break;
                    }

                    killed++;
                    perPhase[phase] = perPhase.GetValueOrDefault(phase) + 1;
                    var hostSeconds = await HostEndAsync(host).ConfigureAwait(false);
                    if (host != null && hostSeconds is { } s)
                    {
                        hostEnds.Add(s);
                    }

                    var rows = await database.BackfilledRowsAsync().ConfigureAwait(false);
                    report.Log(F($"round {round}, {phase}: kill {killed} at {moment:0.00} s{(phase == "backfill" ? $" (backfill checkpoint {rowsBefore:N0} -> {rows:N0} rows)" : string.Empty)}; ")
                        + (host == null ? "no runner host running at that moment" : hostSeconds is { } h ? F($"its runner host {host} ended {h:0.0} s after") : $"its runner host {host} STILL RUNS 30 s after"));
                    _ = await run.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                }

                await RunUntilDoneAsync(database, phase, report).ConfigureAwait(false);
            }

            await FinishAsync(database, report, $"round {round}: ").ConfigureAwait(false);
        }

        report.Facts.Add(("kills that hit a running tool", F($"{killed}: expand {perPhase.GetValueOrDefault("expand")}, backfill {perPhase.GetValueOrDefault("backfill")}, contract {perPhase.GetValueOrDefault("contract")}")));
        report.Facts.Add(("runner host ended after its tool was killed", hostEnds.Count == 0 ? "-" : F($"{hostEnds.Count} hosts, within {hostEnds.Max():0.0} s at most (median {hostEnds.Order().ElementAt(hostEnds.Count / 2):0.0} s)")));
        report.Check($"{kills} kills hit a running tool", killed == kills, F($"{killed}"));
        report.Check("every runner host ended by itself after its tool was killed", !report.Lines.Any(l => l.Contains("STILL RUNS", StringComparison.Ordinal)));
        return report;
    }

    /// <summary>The backend running a backfill batch terminated <paramref name="times"/> times.</summary>
    public async Task<ScenarioReport> TerminateAsync(int times)
    {
        var report = new ScenarioReport($"pg_terminate_backend of the runner's backend mid-batch, {times} times");
        var database = await SeedAsync("faults_terminate", report).ConfigureAwait(false);
        await RunUntilDoneAsync(database, "expand", report).ConfigureAwait(false);
        var terminated = 0;
        ToolRun? run = null;
        try
        {
            while (terminated < times)
            {
                run ??= ToolRun.Start(options.Tool, Command(database, "backfill", ["--batch-size", "1000", "--max-rows-per-second", SlowRate, "--wait-for-lock", "2m"]));
                var (pid, rows) = await TerminateBatchAsync(database, run).ConfigureAwait(false);
                if (pid == null)
                {
                    var ended = await run.WaitAsync(RunTimeout).ConfigureAwait(false);
                    report.Log("backfill ended before a batch could be terminated: " + ended.Describe());
                    run.Dispose();
                    run = null;
                    if (ended.ExitCode == 0)
                    {
                        break;
                    }

                    continue;
                }

                terminated++;
                // The runner reconnects within its run (after a second): a run that stops on the loss has exited by then.
                await WaitForExitAsync(run, TimeSpan.FromSeconds(1.5)).ConfigureAwait(false);
                if (run.HasExited)
                {
                    var ended = await run.WaitAsync(RunTimeout).ConfigureAwait(false);
                    report.Log(F($"termination {terminated}: backend {pid} in a batch at checkpoint {rows:N0} rows; the run {ended.Describe()}"));
                    run.Dispose();
                    run = null;
                }
                else
                {
                    report.Log(F($"termination {terminated}: backend {pid} in a batch at checkpoint {rows:N0} rows; the run goes on by itself"));
                }
            }

            if (run != null)
            {
                report.Log("the run that went on: " + (await run.WaitAsync(RunTimeout).ConfigureAwait(false)).Describe());
            }
        }
        finally
        {
            run?.Dispose();
        }

        report.Check($"{times} backends terminated in the middle of a batch", terminated == times, F($"{terminated}"));
        await RunUntilDoneAsync(database, "backfill", report).ConfigureAwait(false);
        await RunUntilDoneAsync(database, "contract", report).ConfigureAwait(false);
        await FinishAsync(database, report).ConfigureAwait(false);
        return report;
    }

    /// <summary>The server restarted (<c>pg_ctl restart -m fast</c>) in the middle of the backfill.</summary>
    public async Task<ScenarioReport> RestartAsync()
    {
        var report = new ScenarioReport("Server restarted (pg_ctl restart -m fast) during Backfill");
        var database = await SeedAsync("faults_restart", report).ConfigureAwait(false);
        await RunUntilDoneAsync(database, "expand", report).ConfigureAwait(false);
        using (var run = ToolRun.Start(options.Tool, Command(database, "backfill", ["--batch-size", "1000", "--max-rows-per-second", SlowRate])))
        {
            var clock = Stopwatch.StartNew();
            while (await database.BackfilledRowsAsync().ConfigureAwait(false) < options.Customers / 5 && clock.Elapsed < RunTimeout)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }

            var rows = await database.BackfilledRowsAsync().ConfigureAwait(false);
            var restart = Stopwatch.StartNew();
            var (code, output) = await ShellAsync(options.PgCtl + " restart -m fast -w").ConfigureAwait(false);
            report.Log(F($"pg_ctl restart -m fast at checkpoint {rows:N0} rows: exit {code} after {restart.Elapsed.TotalSeconds:0.0} s ({output.Trim().Split('\n')[^1]})"));
            report.Facts.Add(("restart", F($"at checkpoint {rows:N0} of {options.Customers:N0} rows, server back after {restart.Elapsed.TotalSeconds:0.0} s")));
            report.Log("the run during the restart: " + (await run.WaitAsync(RunTimeout).ConfigureAwait(false)).Describe());
        }

        await RunUntilDoneAsync(database, "backfill", report).ConfigureAwait(false);
        await RunUntilDoneAsync(database, "contract", report).ConfigureAwait(false);
        await FinishAsync(database, report).ConfigureAwait(false);
        return report;
    }

    /// <summary>A transaction holds a lock on Customers for 20 s while Expand runs; an app loop reads it and times itself.</summary>
    public async Task<ScenarioReport> LockHolderAsync(TimeSpan hold, TimeSpan lockTimeout)
    {
        var report = new ScenarioReport(F($"A transaction holding a lock on the table for {hold.TotalSeconds:0} s while Expand runs"));
        var database = await SeedAsync("faults_lock", report).ConfigureAwait(false);
        using var stopApp = new CancellationTokenSource();
        var latencies = new List<(double At, double Ms)>();
        var appErrors = 0;
        var clock = Stopwatch.StartNew();
        var app = Task.Run(async () =>
        {
            var random = new Random(options.Seed);
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            while (!stopApp.IsCancellationRequested)
            {
                var started = clock.Elapsed.TotalMilliseconds;
                try
                {
                    await using var read = new NpgsqlCommand("""SELECT "Name" FROM "Customers" WHERE "Id" = $1""", connection) { Parameters = { new() { Value = random.Next(1, options.Customers) } } };
                    await read.ExecuteScalarAsync().ConfigureAwait(false);
                }
                catch (NpgsqlException)
                {
                    appErrors++;
                }

                lock (latencies)
                {
                    latencies.Add((started / 1000, clock.Elapsed.TotalMilliseconds - started));
                }

                await Task.Delay(10).ConfigureAwait(false);
            }
        });

        await Task.Delay(1000).ConfigureAwait(false);
        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync().ConfigureAwait(false);
        var transaction = await holder.BeginTransactionAsync().ConfigureAwait(false);
        await using (var take = new NpgsqlCommand("""SELECT count(*) FROM "Customers" WHERE "Id" < 10""", holder, transaction))
        {
            await take.ExecuteScalarAsync().ConfigureAwait(false);
        }

        var heldAt = clock.Elapsed.TotalSeconds;
        var release = Task.Run(async () =>
        {
            await Task.Delay(hold).ConfigureAwait(false);
            await transaction.CommitAsync().ConfigureAwait(false);
            return clock.Elapsed.TotalSeconds;
        });
        var expandStart = clock.Elapsed.TotalSeconds;
        using (var run = ToolRun.Start(options.Tool, Command(database, "expand", [])))
        {
            var result = await run.WaitAsync(RunTimeout).ConfigureAwait(false);
            var expandEnd = clock.Elapsed.TotalSeconds;
            var releasedAt = await release.ConfigureAwait(false);
            await Task.Delay(1000).ConfigureAwait(false);
            await stopApp.CancelAsync().ConfigureAwait(false);
            await app.ConfigureAwait(false);
            report.Log("expand: " + result.Describe());
            List<double> during;
            lock (latencies)
            {
                during = latencies.Where(l => l.At >= expandStart && l.At <= expandEnd).Select(l => l.Ms).Order().ToList();
            }

            var worst = during.Count == 0 ? 0 : during[^1];
            report.Facts.Add(("lock held", F($"from {heldAt:0.0} s to {releasedAt:0.0} s (ACCESS SHARE on Customers, an open transaction)")));
            report.Facts.Add(("expand ran", F($"from {expandStart:0.0} s to {expandEnd:0.0} s, exit {result.ExitCode}")));
            report.Facts.Add(("app reads during expand", F($"{during.Count:N0}, {appErrors} failed; median {Percentile(during, 0.5):0.0} ms, p99 {Percentile(during, 0.99):0.0} ms, worst {worst:0.0} ms")));
            report.Check("Expand waited for the holder and succeeded", result.ExitCode == 0 && expandEnd >= releasedAt - 0.5, F($"ended {expandEnd - releasedAt:+0.0;-0.0} s after the release"));
            report.Check(F($"the app never queued longer than the lock timeout ({lockTimeout.TotalMilliseconds:0} ms)"), worst < lockTimeout.TotalMilliseconds && appErrors == 0, F($"worst {worst:0.0} ms"));
        }

        await RunUntilDoneAsync(database, "backfill", report).ConfigureAwait(false);
        await RunUntilDoneAsync(database, "contract", report).ConfigureAwait(false);
        await FinishAsync(database, report).ConfigureAwait(false);
        return report;
    }

    /// <summary>Two runners started at the same instant, for each phase.</summary>
    public async Task<ScenarioReport> TwoRunnersAsync()
    {
        var report = new ScenarioReport("Two runners started at the same instant");
        var database = await SeedAsync("faults_two", report).ConfigureAwait(false);
        foreach (var phase in Phases)
        {
            using var first = ToolRun.Start(options.Tool, Command(database, phase, []));
            using var second = ToolRun.Start(options.Tool, Command(database, phase, []));
            var results = new[] { await first.WaitAsync(RunTimeout).ConfigureAwait(false), await second.WaitAsync(RunTimeout).ConfigureAwait(false) };
            report.Log($"{phase}, first: {results[0].Describe()}");
            report.Log($"{phase}, second: {results[1].Describe()}");
            var applied = char.ToUpperInvariant(phase[0]) + phase[1..] + " applied: ";
            var appliers = results.Count(r => r.ExitCode == 0 && r.Result.StartsWith(applied, StringComparison.Ordinal));
            var other = results.FirstOrDefault(r => !r.Result.StartsWith(applied, StringComparison.Ordinal));
            report.Check(
                $"{phase}: one applied it, the other was refused naming the lock holder or found it applied",
                appliers == 1 && other != null && ((other.ExitCode == 3 && other.Result.Contains("Another runner holds the database lock", StringComparison.Ordinal))
                    || (other.ExitCode == 0 && other.Result.Contains("is already applied", StringComparison.Ordinal))),
                $"exit codes {results[0].ExitCode} and {results[1].ExitCode}");
            await RunUntilDoneAsync(database, phase, report).ConfigureAwait(false);
        }

        await FinishAsync(database, report).ConfigureAwait(false);
        return report;
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static async Task WaitAsync(ToolRun run, double seconds)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds && !run.HasExited)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(20, Math.Max(1, (seconds - clock.Elapsed.TotalSeconds) * 1000)))).ConfigureAwait(false);
        }
    }

    private static async Task WaitForExitAsync(ToolRun run, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!run.HasExited && clock.Elapsed < timeout)
        {
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>How long the runner host <paramref name="host"/> took to end (null: still there after 30 s).</summary>
    private static async Task<double?> HostEndAsync(int? host)
    {
        if (host == null)
        {
            return 0;
        }

        var clock = Stopwatch.StartNew();
        while (Directory.Exists($"/proc/{host}") && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50).ConfigureAwait(false);
        }

        return Directory.Exists($"/proc/{host}") ? null : clock.Elapsed.TotalSeconds;
    }

    /// <summary>Waits for a backend of the runner running a backfill batch, after a batch has committed, and terminates it.</summary>
    private static async Task<(int? Pid, long Rows)> TerminateBatchAsync(ShopDatabase database, ToolRun run)
    {
        var before = await database.BackfilledRowsAsync().ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await using var watcher = new NpgsqlConnection(database.ConnectionString);
        await watcher.OpenAsync().ConfigureAwait(false);
        while (!run.HasExited && clock.Elapsed < RunTimeout)
        {
            await using var find = new NpgsqlCommand(
                """
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND application_name LIKE 'safe-migrate%' AND state = 'active' AND query ILIKE '%UPDATE%"Customers"%'
                    AND (SELECT COALESCE(max(rows_done), 0) FROM "__EFSafeMigrations" WHERE step LIKE 'backfill%') > @before
                LIMIT 1
                """,
                watcher) { Parameters = { new("before", before) } };
            if (await find.ExecuteScalarAsync().ConfigureAwait(false) is int pid)
            {
                var rows = await database.BackfilledRowsAsync().ConfigureAwait(false);
                await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", watcher) { Parameters = { new("pid", pid) } };
                if (await terminate.ExecuteScalarAsync().ConfigureAwait(false) is true)
                {
                    return (pid, rows);
                }
            }

            await Task.Delay(2).ConfigureAwait(false);
        }

        return (null, 0);
    }

    private static async Task<(int Code, string Output)> ShellAsync(string command)
    {
        var startInfo = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        return (process.ExitCode, await output.ConfigureAwait(false) + error);
    }

    private async Task<ShopDatabase> SeedAsync(string name, ScenarioReport report)
    {
        var clock = Stopwatch.StartNew();
        var database = await ShopDatabase.CreateAsync(options.Admin, name, options.Customers).ConfigureAwait(false);
        report.Log(F($"database {name}: Initial tables by EF Core's migrator, {options.Customers:N0} customers and their orders ({clock.Elapsed.TotalSeconds:0.0} s)"));
        return database;
    }

    // A backfill slowed down to last about 20 s whatever the size (15,000 rows/s at the default 300,000 customers), long
    // enough for five terminations or a restart in the middle of it.
    private string SlowRate => Math.Max(1000, options.Customers / 20).ToString(CultureInfo.InvariantCulture);

    private string[] Command(ShopDatabase database, string phase, string[] extra)
        => ["phase", phase, "--assembly", options.Shop, "--connection", database.ConnectionString, .. extra];

    private async Task<ToolResult> RunAsync(ShopDatabase database, string phase, string[] extra)
    {
        using var run = ToolRun.Start(options.Tool, Command(database, phase, extra));
        return await run.WaitAsync(RunTimeout).ConfigureAwait(false);
    }

    /// <summary>The same command until it exits 0 (a server still starting is given time).</summary>
    private async Task RunUntilDoneAsync(ShopDatabase database, string phase, ScenarioReport report)
    {
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var result = await RunAsync(database, phase, ["--wait-for-lock", "2m"]).ConfigureAwait(false);
            report.Log($"{phase}: re-run {attempt}: {result.Describe()}");
            if (result.ExitCode == 0)
            {
                return;
            }

            await Task.Delay(2000).ConfigureAwait(false);
        }

        report.Check($"{phase} finished by re-running the same command", false, "10 re-runs did not exit 0");
    }

    private async Task FinishAsync(ShopDatabase database, ScenarioReport report, string prefix = "")
    {
        var content = await database.ContentAsync().ConfigureAwait(false);
        foreach (var ((what, value), (_, expected)) in content.Zip(twin))
        {
            report.Check($"{prefix}{what} equal to the twin's", value == expected, value == expected ? Short(value) : $"{Short(value)}, twin {Short(expected)}");
        }

        var duplicates = await database.DuplicateHistoryRowsAsync().ConfigureAwait(false);
        report.Check($"{prefix}no duplicate history row", duplicates == 0, F($"{duplicates} duplicates"));
        var status = await RunStatusAsync(database).ConfigureAwait(false);
        report.Check($"{prefix}`status --require contracted` exits 0: every phase applied", status.ExitCode == 0 && status.Result.StartsWith("Every group is contracted", StringComparison.Ordinal), status.Result);
        await database.DropAsync().ConfigureAwait(false);
    }

    private async Task<ToolResult> RunStatusAsync(ShopDatabase database)
    {
        using var run = ToolRun.Start(options.Tool, ["status", "--require", "contracted", "--assembly", options.Shop, "--connection", database.ConnectionString]);
        return await run.WaitAsync(RunTimeout).ConfigureAwait(false);
    }

    private static string Short(string value) => value.Length > 90 ? value[..90] + "..." : value;
}
