using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using EfSafeMigrations.Tests.Tool;

namespace EfSafeMigrations.Tests.Running;

/// <summary>
/// The runner's connection dropped while it works (its backend terminated, as a failover or a proxy restart does): the run
/// reconnects, says what happened, and goes on from what had committed, within the same run.
/// </summary>
public sealed class ConnectionRecoveryTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The runner's working session: named like every session of the runner, but not the one holding its lock.</summary>
    private const string WorkingSession =
        """
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE 'safe-migrate %'
            AND pid NOT IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)
        """;

    /// <summary>Every session of the runner, its lock's too: what a failover ends.</summary>
    private const string EverySession =
        """
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE 'safe-migrate %'
        """;

    [Fact]
    public async Task A_backfill_whose_connection_is_terminated_again_and_again_reconnects_resumes_from_its_checkpoint_and_finishes()
    {
        await using var database = await PostgresDatabase.CreateAsync("reconnect");
        var progress = new SemaphoreSlim(0);
        var reconnected = new SemaphoreSlim(0);
        await using var running = await StartBackfillAsync(database, 40_000, progress, line =>
        {
            if (line.Contains("reconnected", StringComparison.Ordinal))
            {
                reconnected.Release();
            }
        });

        // Twice its working session alone, then every session of the runner (its lock's too), each once batches have committed.
        foreach (var terminate in new[] { WorkingSession, WorkingSession, EverySession })
        {
            Assert.True(await progress.WaitAsync(RunTimeout), running.StandardOutput);
            Assert.True(await progress.WaitAsync(RunTimeout), running.StandardOutput);
            Assert.True(await database.ScalarAsync<bool>($"SELECT bool_or(t) FROM ({terminate}) AS k(t)"), "No session of the runner to terminate. " + running.StandardOutput);
            Assert.True(await reconnected.WaitAsync(RunTimeout), running.StandardOutput);
        }

        var result = await running.WaitAsync(RunTimeout);

        Assert.True(result.ExitCode == ExitCodes.Done, result.Describe());
        Assert.Equal(0L, await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS DISTINCT FROM "Email" """));
        Assert.Matches(
            @"connection lost during batch \d+ of the backfill of Customers\.EmailAddress \(57P01: terminating connection due to administrator command\): reconnected, resuming after row \d+ \(attempt 1 of 5\)",
            result.StandardOutput);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(result.StandardOutput, "connection lost during batch"));
        Assert.Contains("the database lock's session was lost too: the lock is taken again", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Backfill applied", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1L, await database.ScalarAsync<long>("""SELECT count(*) FROM "__EFMigrationsHistory" WHERE "MigrationId" LIKE '%CustomerDetails_Backfill'"""));
    }

    [Fact]
    public async Task A_ddl_step_whose_connection_is_terminated_while_it_runs_is_run_again_on_a_new_connection()
    {
        await using var database = await PostgresDatabase.CreateAsync("reconnect");
        Assert.Equal(ExitCodes.Done, (await ToolAsync(database, "phase", "expand", "--to", "Initial")).ExitCode);
        await database.ExecuteAsync("""INSERT INTO "Customers" ("Name", "Email") SELECT md5(g::text) || md5((g * 7)::text), 'c' || g || '@x' FROM generate_series(1, 300000) g""");

        await using var running = SafeMigrateCli.Start(
            ["phase", "expand", "--assembly", SafeMigrateCli.ShopAssembly, "--connection", database.ConnectionString, "--no-color"]);

        // The concurrent build of IX_Customers_Name on 300,000 rows: terminated while it runs.
        var terminated = false;
        var deadline = DateTime.UtcNow + RunTimeout;
        while (!terminated && DateTime.UtcNow < deadline)
        {
            terminated = await database.ScalarAsync<bool>(
                """
                SELECT coalesce(bool_or(pg_terminate_backend(pid)), false) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name LIKE 'safe-migrate %' AND query LIKE 'CREATE INDEX CONCURRENTLY%IX_Customers_Name%' AND state = 'active'
                """);
            await Task.Delay(10);
        }

        var result = await running.WaitAsync(RunTimeout);

        Assert.True(terminated, "The index build was never seen running. " + result.Describe());
        Assert.True(result.ExitCode == ExitCodes.Done, result.Describe());
        Assert.Matches(
            @"connection lost during step \d+ of \d+ of \d{14}_CustomerDetails_Expand \(57P01: terminating connection due to administrator command\): reconnected, running it again \(it had not committed\) \(attempt 1 of 5\)",
            result.StandardOutput);
        Assert.True(await database.ScalarAsync<bool>("""SELECT indisvalid FROM pg_index WHERE indexrelid = '"IX_Customers_Name"'::regclass"""));
        Assert.Equal(1L, await database.ScalarAsync<long>("""SELECT count(*) FROM "__EFMigrationsHistory" WHERE "MigrationId" LIKE '%CustomerDetails_Expand'"""));
    }

    [Fact]
    public async Task A_connection_lost_for_good_ends_the_run_with_exit_code_1_saying_so_and_a_rerun_resumes()
    {
        await using var database = await PostgresDatabase.CreateAsync("reconnect");
        var progress = new SemaphoreSlim(0);
        await using var running = await StartBackfillAsync(database, 20_000, progress, _ => { });
        Assert.True(await progress.WaitAsync(RunTimeout), running.StandardOutput);

        // The database stops taking connections (as one being moved does) while the runner's session is ended.
        // (From another database: a database may not refuse connections to the session that says so.)
        await using var admin = new Npgsql.NpgsqlConnection(TestServers.PostgresConnectionString);
        await admin.OpenAsync();
        await using (var refuse = new Npgsql.NpgsqlCommand(
            $"""ALTER DATABASE "{database.Name}" ALLOW_CONNECTIONS false; {WorkingSession.Replace("current_database()", $"'{database.Name}'", StringComparison.Ordinal)}""", admin))
        {
            await refuse.ExecuteNonQueryAsync();
        }

        var result = await running.WaitAsync(RunTimeout);
        await using (var allow = new Npgsql.NpgsqlCommand($"""ALTER DATABASE "{database.Name}" ALLOW_CONNECTIONS true""", admin))
        {
            await allow.ExecuteNonQueryAsync();
        }

        Assert.True(result.ExitCode == ExitCodes.Failed, result.Describe());
        Assert.Contains(
            "The connection to the database was lost (57P01: terminating connection due to administrator command) and connecting again was refused: 55000: database",
            result.AllOutput,
            StringComparison.Ordinal);
        Assert.Contains("is not currently accepting connections", result.AllOutput, StringComparison.Ordinal);

        var rerun = await ToolAsync(database, "phase", "backfill");

        Assert.True(rerun.ExitCode == ExitCodes.Done, rerun.Describe());
        Assert.Matches(@"resuming the backfill of Customers\.EmailAddress after \d+ rows", rerun.StandardOutput);
        Assert.Equal(0L, await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS DISTINCT FROM "Email" """));
    }

    /// <summary>
    /// The shop expanded over <paramref name="rows"/> customers, and its backfill started through the tool at 2,000 rows a
    /// second (so it runs for a while); each progress line releases <paramref name="progress"/>.
    /// </summary>
    private static async Task<SafeMigrateProcess> StartBackfillAsync(PostgresDatabase database, int rows, SemaphoreSlim progress, Action<string> onOtherLine)
    {
        Assert.Equal(ExitCodes.Done, (await ToolAsync(database, "phase", "expand", "--to", "Initial")).ExitCode);
        await database.ExecuteAsync($"""INSERT INTO "Customers" ("Name", "Email") SELECT 'c' || g, 'c' || g || '@x' FROM generate_series(1, {rows}) g""");
        Assert.Equal(ExitCodes.Done, (await ToolAsync(database, "phase", "expand")).ExitCode);
        return SafeMigrateCli.Start(
            ["phase", "backfill", "--assembly", SafeMigrateCli.ShopAssembly, "--connection", database.ConnectionString, "--no-color", "--batch-size", "200", "--max-rows-per-second", "2000"],
            onOutputLine: line =>
            {
                if (line.StartsWith("Backfill  Customers.", StringComparison.Ordinal))
                {
                    progress.Release();
                }
                else
                {
                    onOtherLine(line);
                }
            });
    }

    private static Task<SafeMigrateResult> ToolAsync(PostgresDatabase database, params string[] args)
        => SafeMigrateCli.RunAsync([.. args, "--assembly", SafeMigrateCli.ShopAssembly, "--connection", database.ConnectionString], timeout: RunTimeout);
}
