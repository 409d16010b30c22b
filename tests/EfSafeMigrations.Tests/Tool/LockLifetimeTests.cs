using System.Diagnostics;
using System.Globalization;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// The runner's database lock lives exactly as long as the run that holds it, through the real tool against real
/// PostgreSQL, in the middle of a slowed-down backfill of the sample shop: the tool killed alone (SIGKILL, its runner host
/// left running) does not leave the host holding the lock; the lock's own session lost mid-phase is opened again and the
/// lock taken again before the next batch commits or step runs, and when another runner took it meanwhile the run stops there
/// instead of going on without the lock.
/// </summary>
public sealed class LockLifetimeTests(ITestOutputHelper log)
{
    private const int Customers = 20_000;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_tool_killed_alone_its_runner_host_stops_within_seconds_and_the_next_run_gets_the_lock()
    {
        await using var database = await ExpandedAsync("lock_parent");

        await using var run = SafeMigrateCli.Start(SlowBackfill(database));
        var rows = await WaitForBatchesAsync(database, run);
        var host = Assert.Single(Children(run.Id));
        using (var kill = Process.Start("kill", ["-KILL", run.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var clock = Stopwatch.StartNew();
        while (Directory.Exists($"/proc/{host}") && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        var rowsAtEnd = await BackfilledRowsAsync(database);
        log.WriteLine($"tool killed after {rows} rows; its runner host {host} ended {clock.Elapsed.TotalSeconds:0.0} s later, at {rowsAtEnd} rows");
        Assert.False(Directory.Exists($"/proc/{host}"), $"The runner host {host} still runs 30 s after the tool was killed.");
        // It stops after its current batch, and ends itself 10 s after it saw the tool gone at the latest; a host left
        // running would go on for the rest of the backfill (about 20 s).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(12), $"The runner host took {clock.Elapsed.TotalSeconds:0.0} s to end.");
        Assert.True(rowsAtEnd < Customers, "The runner host went on to the end of the backfill.");
        Assert.Equal(0L, await RunnerLocksAsync(database));

        // No --wait-for-lock: the lock is free at once, and the backfill resumes where the host stopped.
        var next = await SafeMigrateCli.RunAsync(Phase(database, "backfill"), timeout: RunTimeout);
        Assert.True(next.ExitCode == ExitCodes.Done, next.Describe());
        Assert.Contains("resuming the backfill of Customers.EmailAddress after ", next.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0L, await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS DISTINCT FROM "Email" """));
    }

    [Fact]
    public async Task The_locks_session_lost_and_the_lock_taken_by_another_stops_the_run_before_its_next_batch_and_the_rerun_finishes()
    {
        await using var database = await ExpandedAsync("lock_lost");

        await using var run = SafeMigrateCli.Start(SlowBackfill(database));
        await WaitForBatchesAsync(database, run);

        // Only the lock's session ends, and another session takes the lock at once: the work session goes on and would
        // run every remaining batch while another runner holds the lock.
        await using var other = new NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync();
        await using (var take = new NpgsqlCommand(
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND objid = ({DatabaseLock.Key} & 4294967295)::oid AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", other))
        {
            Assert.Equal(1L, await take.ExecuteScalarAsync());
        }

        await using (var take = new NpgsqlCommand($"SELECT set_config('application_name', 'another runner', false), pg_advisory_lock({DatabaseLock.Key})", other))
        {
            await take.ExecuteNonQueryAsync();
        }

        var rowsAtLoss = await BackfilledRowsAsync(database);
        var result = await run.WaitAsync(RunTimeout);
        var rowsAtExit = await BackfilledRowsAsync(database);
        log.WriteLine($"lock session terminated at {rowsAtLoss} rows, the run ended at {rowsAtExit}: {result.StandardError.Trim()}");

        Assert.True(result.ExitCode == ExitCodes.Failed, result.Describe());
        Assert.Contains("The runner lost its database lock before committing a batch of the backfill of Customers.EmailAddress", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("another runner took it meanwhile (another runner from", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("run the same command again to go on.", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.AllOutput, StringComparison.Ordinal);
        Assert.True(rowsAtExit - rowsAtLoss <= 400, $"{rowsAtExit - rowsAtLoss} rows were backfilled after the lock was lost (two batches of 200 at most).");
        Assert.Equal(0L, await database.ScalarAsync<long>("""SELECT count(*) FROM "__EFMigrationsHistory" WHERE "MigrationId" LIKE '%_Backfill'"""));

        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", other))
        {
            await release.ExecuteNonQueryAsync();
        }

        var rerun = await SafeMigrateCli.RunAsync(Phase(database, "backfill"), timeout: RunTimeout);
        Assert.True(rerun.ExitCode == ExitCodes.Done, rerun.Describe());
        Assert.Equal(0L, await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS DISTINCT FROM "Email" """));
    }

    [Fact]
    public async Task The_locks_session_lost_alone_is_opened_again_and_the_lock_taken_again_and_the_run_finishes()
    {
        await using var database = await ExpandedAsync("lock_retaken");

        await using var run = SafeMigrateCli.Start(SlowBackfill(database));
        await WaitForBatchesAsync(database, run);
        Assert.Equal(1L, await database.ScalarAsync<long>(
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND objid = ({DatabaseLock.Key} & 4294967295)::oid AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
        var result = await run.WaitAsync(RunTimeout);

        Assert.True(result.ExitCode == ExitCodes.Done, result.Describe());
        Assert.Contains("the database lock's session was lost too: the lock is taken again", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0L, await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS DISTINCT FROM "Email" """));
    }

    /// <summary>A database of the shop with its rows, its Expand applied.</summary>
    private static async Task<PostgresDatabase> ExpandedAsync(string prefix)
    {
        var database = await PostgresDatabase.CreateAsync(prefix);
        await FaultTwin.SeedAsync(database, Customers);
        Assert.Equal(ExitCodes.Done, (await SafeMigrateCli.RunAsync(Phase(database, "expand"), timeout: RunTimeout)).ExitCode);
        return database;
    }

    private static string[] Phase(PostgresDatabase database, string phase)
        => ["phase", phase, "--assembly", SafeMigrateCli.ShopAssembly, "--connection", database.ConnectionString, "--no-color"];

    /// <summary>The backfill at 1,000 rows a second in batches of 200: about twenty seconds for the shop's rows.</summary>
    private static string[] SlowBackfill(PostgresDatabase database)
        => [.. Phase(database, "backfill"), "--batch-size", "200", "--max-rows-per-second", "1000"];

    /// <summary>Waits until the run has committed a few batches; returns the rows done by then.</summary>
    private static async Task<long> WaitForBatchesAsync(PostgresDatabase database, SafeMigrateProcess run)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < RunTimeout)
        {
            if (await BackfilledRowsAsync(database) is var rows and >= 1000)
            {
                return rows;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The backfill committed no batch. " + run.StandardOutput);
        return 0;
    }

    private static async Task<long> BackfilledRowsAsync(PostgresDatabase database)
        => await database.ScalarAsync<bool>("""SELECT to_regclass('"__EFSafeMigrations"') IS NOT NULL""")
            ? await database.ScalarAsync<long?>("""SELECT max(rows_done) FROM "__EFSafeMigrations" WHERE step LIKE 'backfill%'""") ?? 0
            : 0;

    private static Task<long> RunnerLocksAsync(PostgresDatabase database)
        => database.ScalarAsync<long>(
            $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = ({DatabaseLock.Key} & 4294967295)::oid AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");

    /// <summary>The processes <paramref name="processId"/> started that still run (Linux's /proc).</summary>
    private static List<int> Children(int processId)
        => Directory.GetDirectories($"/proc/{processId}/task")
            .Select(task => Path.Combine(task, "children"))
            .Where(File.Exists)
            .SelectMany(file => File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pid => int.Parse(pid, CultureInfo.InvariantCulture))
            .ToList();
}
