using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using Npgsql;
using Shop;
using Xunit.Abstractions;

namespace EfSafeMigrations.Tests.Running;

/// <summary>
/// The backfill's replica throttle against a real streaming standby (pg_basebackup, on loopback) whose replay is held
/// back with <c>pg_wal_replay_pause()</c>, on a PostgreSQL primary of the test's own.
/// </summary>
public sealed class ReplicaThrottleTests(ITestOutputHelper output)
{
    private const int CustomerCount = 20_000;

    // Generous guards against a hang, not expectations of speed.
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan MaxReplicaLag = TimeSpan.FromSeconds(1);

    // A fixed batch size and a rate cap keep the backfill going for several seconds (20,000 rows at no more than 4,000 a
    // second), so that the lag it causes on the paused standby passes MaxReplicaLag long before it could finish.
    private static readonly RunnerSettings Settings = new() { BatchSize = 200, MaxRowsPerSecond = 4000, MaxReplicaLag = MaxReplicaLag };

    [Fact]
    public async Task Backfill_pauses_while_the_standbys_replay_lags_and_goes_on_once_it_has_caught_up()
    {
        await using var replica = await PostgresStandby.StartAsync();
        var shop = await CreateShopAsync(replica, replica.PrimaryConnectionString);
        Func<ShopContext> context = () => new ShopContext(ShopContext.Options(shop));
        await ExpandWithCustomersAsync(context, shop, replica);

        await replica.PauseReplayAsync();
        var events = new ConcurrentQueue<RunnerEvent>();
        var firstWait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        var run = Task.Run(() => RunnerScenario.RunAsync(
            context, RunnerCommand.Phase, MigrationPhase.Backfill, settings: Settings,
            onEvent: e =>
            {
                events.Enqueue(e);
                if (e is WaitEvent)
                {
                    firstWait.TrySetResult();
                }
            }));

        var first = await Task.WhenAny(firstWait.Task, run, Task.Delay(Guard));
        Assert.True(
            first == firstWait.Task,
            $"the backfill never paused ({(run.IsCompleted ? "it finished" : "still running")}); primary: {await replica.ReplicationStatusAsync()}");
        var pausedAfter = clock.Elapsed;
        var doneAtPause = Progress(events).Select(p => p.RowsDone).DefaultIfEmpty(0).Max();
        var filledAtPause = await CountAsync(shop, """SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS NOT NULL""");
        var waitsAtPause = events.OfType<WaitEvent>().Count();
        Assert.InRange(doneAtPause, 1, CustomerCount - 1);
        Assert.Equal(doneAtPause, filledAtPause);
        output.WriteLine($"paused {pausedAfter.TotalSeconds:0.0} s into the backfill after {doneAtPause} rows; primary: {await replica.ReplicationStatusAsync()}");

        // Held: for a few seconds nothing moves, and the runner keeps looking.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.False(run.IsCompleted, "the backfill finished while the standby's replay was paused");
        Assert.Equal("paused", await replica.ReplayPauseStateAsync());
        Assert.Equal(doneAtPause, Progress(events).Max(p => p.RowsDone));
        Assert.Equal(filledAtPause, await CountAsync(shop, """SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS NOT NULL"""));
        Assert.Equal(doneAtPause, await CountAsync(shop, """SELECT rows_done FROM "__EFSafeMigrations" WHERE step = 'backfill:0'"""));
        var waits = events.OfType<WaitEvent>().ToList();
        Assert.True(waits.Count > waitsAtPause, $"no WaitEvent in the 4 s after the first ({waits.Count} in all)");
        Assert.All(waits, w => Assert.Matches(@"^replica replay lag \d+[.,]\d s is over 1 s; backfill of Customers\.EmailAddress paused$", w.Reason));
        output.WriteLine($"held {waits.Count} WaitEvents, last: {waits[^1].Reason} after {waits[^1].Seconds:0.0} s");

        var progressBeforeResume = Progress(events).Count;
        await replica.ResumeReplayAsync();
        var resumedAt = clock.Elapsed;
        var finished = await Task.WhenAny(run, Task.Delay(Guard));
        Assert.True(finished == run, $"the backfill did not finish after the standby resumed; primary: {await replica.ReplicationStatusAsync()}");
        var result = await run;

        Assert.Equal(0, result.Result.ExitCode);
        var progress = result.All.OfType<BackfillProgressEvent>().ToList();
        Assert.True(progress.Count > progressBeforeResume, "no progress after the standby resumed");
        Assert.Equal(CustomerCount, progress[^1].RowsDone);
        Assert.True(progress[^1].Finished);
        Assert.Contains(result.All.OfType<MessageEvent>(), m => m.Text.Contains($"{CustomerCount} rows filled, {CustomerCount} visited ("));
        Assert.DoesNotContain(result.All.OfType<MessageEvent>(), m => m.Text.Contains("warning", StringComparison.Ordinal));
        Assert.Equal(0L, await CountAsync(shop, """SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS DISTINCT FROM "Email" """));
        await WaitForStandbyAsync(
            replica, shop, """SELECT count(*) = 0 FROM "Customers" WHERE "EmailAddress" IS DISTINCT FROM "Email" """, "the standby to replay the backfill");
        output.WriteLine(
            $"resumed at {resumedAt.TotalSeconds:0.0} s; the backfill finished {clock.Elapsed.TotalSeconds - resumedAt.TotalSeconds:0.0} s later "
            + $"({clock.Elapsed.TotalSeconds:0.0} s in all, {result.All.OfType<WaitEvent>().Count()} WaitEvents)");
    }

    [Fact]
    public async Task Lag_hidden_from_a_role_without_pg_monitor_is_reported_instead_of_read_as_no_lag()
    {
        await using var replica = await PostgresStandby.StartAsync();
        await ExecuteAsync(replica.PrimarySuperuserConnectionString, "CREATE ROLE plain LOGIN PASSWORD 'plain'");
        var plain = new NpgsqlConnectionStringBuilder(replica.PrimaryConnectionString) { Username = "plain", Password = "plain" }.ConnectionString;
        var shop = await CreateShopAsync(replica, plain);
        Func<ShopContext> context = () => new ShopContext(ShopContext.Options(shop));
        await ExpandWithCustomersAsync(context, shop, replica);

        await replica.PauseReplayAsync();
        var result = await RunnerScenario.RunAsync(context, RunnerCommand.Phase, MigrationPhase.Backfill, settings: Settings);

        // The standby lags well past the limit, the runner's role cannot see it, and the runner says so once.
        Assert.Equal(0, result.Result.ExitCode);
        Assert.Empty(result.All.OfType<WaitEvent>());
        var warning = Assert.Single(result.All.OfType<MessageEvent>(), m => m.Text.StartsWith("warning:", StringComparison.Ordinal));
        Assert.Contains("replay lag of its streaming replicas", warning.Text);
        Assert.Contains("GRANT pg_monitor TO <role>", warning.Text);
        var lagSql = DatabaseDialects.PostgreSql.Runner.ReplicaLagSeconds;
        Assert.Null(await ScalarAsync<double?>(shop, lagSql));
        var seenByApp = await ScalarAsync<double?>(replica.PrimaryConnectionString, lagSql);
        Assert.True(seenByApp > MaxReplicaLag.TotalSeconds, $"app (pg_monitor) sees a lag of {seenByApp} s; primary: {await replica.ReplicationStatusAsync()}");

        // Once the standby has caught up, the lag the runner reads is back under the limit (the primary's replay_lag
        // itself keeps the pause's length until the standby's next status reply).
        await replica.ResumeReplayAsync();
        await WaitForStandbyAsync(
            replica, shop, """SELECT count(*) = 0 FROM "Customers" WHERE "EmailAddress" IS DISTINCT FROM "Email" """, "the standby to replay the backfill");
        var clock = Stopwatch.StartNew();
        while (await ScalarAsync<double?>(replica.PrimaryConnectionString, lagSql) is not <= 1.0)
        {
            Assert.True(clock.Elapsed < Guard, $"the lag stayed over the limit after the standby caught up; primary: {await replica.ReplicationStatusAsync()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Creates database <c>shop</c> on the primary, owned by the login of <paramref name="owner"/>; returns its connection string.</summary>
    private static async Task<string> CreateShopAsync(PostgresStandby replica, string owner)
    {
        var builder = new NpgsqlConnectionStringBuilder(owner);
        await ExecuteAsync(replica.PrimarySuperuserConnectionString, $"CREATE DATABASE shop OWNER \"{builder.Username}\"");
        builder.Database = "shop";
        return builder.ConnectionString;
    }

    /// <summary>
    /// The shop's first group, its customers, and the Expand of CustomerDetails: what the Backfill then fills. Returns
    /// once the standby has replayed all of it.
    /// </summary>
    private static async Task ExpandWithCustomersAsync(Func<ShopContext> context, string shop, PostgresStandby replica)
    {
        Assert.Equal(0, (await RunnerScenario.RunAsync(context, RunnerCommand.Phase, MigrationPhase.Expand, target: "Initial")).Result.ExitCode);
        await ExecuteAsync(
            shop,
            $"""INSERT INTO "Customers" ("Name", "Email", "Phone") SELECT 'c' || g, 'c' || g || '@x', NULL FROM generate_series(1, {CustomerCount}) g""");
        Assert.Equal(0, (await RunnerScenario.RunAsync(context, RunnerCommand.Phase, MigrationPhase.Expand)).Result.ExitCode);
        Assert.Equal(CustomerCount, await CountAsync(shop, """SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS NULL"""));
        await WaitForStandbyAsync(
            replica, shop, """SELECT count(*) = 20000 FROM "Customers" WHERE "EmailAddress" IS NULL""", "the standby to replay the Expand and the customers");
    }

    /// <summary>Waits until <paramref name="condition"/> holds on the standby, read as the login of <paramref name="shop"/>.</summary>
    private static async Task WaitForStandbyAsync(PostgresStandby replica, string shop, string condition, string what)
    {
        var server = new NpgsqlConnectionStringBuilder(replica.StandbyConnectionString);
        var standby = new NpgsqlConnectionStringBuilder(shop) { Host = server.Host, Port = server.Port }.ConnectionString;
        var clock = Stopwatch.StartNew();
        while (!await HoldsAsync(standby, condition))
        {
            Assert.True(clock.Elapsed < Guard, $"gave up waiting for {what}; primary: {await replica.ReplicationStatusAsync()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Whether the condition holds; false while the standby has not yet replayed what it reads.</summary>
    private static async Task<bool> HoldsAsync(string connectionString, string condition)
    {
        try
        {
            return await ScalarAsync<bool>(connectionString, condition);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn)
        {
            return false;
        }
    }

    private static List<BackfillProgressEvent> Progress(IEnumerable<RunnerEvent> events) => [.. events.OfType<BackfillProgressEvent>()];

    private static async Task<long> CountAsync(string connectionString, string sql)
        => await ScalarAsync<long>(connectionString, sql);

    private static async Task<T?> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return ScalarConversion.To<T>(await command.ExecuteScalarAsync());
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
