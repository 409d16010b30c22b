using System.Collections.Concurrent;
using System.Diagnostics;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using MySqlConnector;
using Shop.MySql;
using Xunit.Abstractions;

namespace EfSafeMigrations.Tests.Running.Pomelo;

/// <summary>
/// The backfill watching a real MariaDB replica named to the runner (<see cref="RunnerSettings.Replicas"/>), on a primary
/// and replica of the test's own (<see cref="MariaDbReplica"/>), with the shop's MySQL build through Pomelo: the replica
/// made to lag for real, by stopping its SQL thread while the primary backfills, or by a replication delay.
/// </summary>
public sealed class MariaDbReplicaLagTests(ITestOutputHelper output)
{
    private const int CustomerCount = 20_000;

    // The replica's own login for the runner: it may only ask for the replica's status, and its password must never show.
    private const string MonitorPassword = "Mon1tor-s3cret";

    // Generous guards against a hang, not expectations of speed.
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Backfill_pauses_while_a_replica_does_not_replicate_saying_which_and_goes_on_once_it_has_caught_up()
    {
        await using var servers = await MariaDbReplica.StartAsync();
        var (shop, replica) = await CreateShopAsync(servers);
        Func<MySqlShopContext> context = () => new MySqlShopContext(MySqlShopContext.Options(shop));
        await ExpandWithCustomersAsync(context, shop, servers, CustomerCount);

        // A fixed batch size and a rate cap keep the backfill going for several seconds (20,000 rows at no more than 4,000 a
        // second), so that the replica is stopped while it runs.
        var settings = new RunnerSettings { BatchSize = 200, MaxRowsPerSecond = 4000, MaxReplicaLag = TimeSpan.FromSeconds(1), Replicas = [replica] };
        var events = new ConcurrentQueue<RunnerEvent>();
        var firstBatch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstWait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Task.Run(() => RunnerScenario.RunAsync(
            context, RunnerCommand.Phase, MigrationPhase.Backfill, settings: settings,
            onEvent: e =>
            {
                events.Enqueue(e);
                if (e is BackfillProgressEvent)
                {
                    firstBatch.TrySetResult();
                }
                else if (e is WaitEvent)
                {
                    firstWait.TrySetResult();
                }
            }));

        Assert.True(await Task.WhenAny(firstBatch.Task, run, Task.Delay(Guard)) == firstBatch.Task, $"the backfill never started: {Describe(events)}");
        await servers.ExecuteOnReplicaAsync("STOP REPLICA SQL_THREAD");
        var first = await Task.WhenAny(firstWait.Task, run, Task.Delay(Guard));
        Assert.True(first == firstWait.Task, $"the backfill never paused ({(run.IsCompleted ? "it finished" : "still running")}); replica: {await servers.StatusAsync()}");
        var doneAtPause = Progress(events).Max(p => p.RowsDone);
        var filledAtPause = await CountAsync(shop, "SELECT count(*) FROM `Customers` WHERE `EmailAddress` IS NOT NULL");
        var waitsAtPause = events.OfType<WaitEvent>().Count();
        Assert.InRange(doneAtPause, 1, CustomerCount - 1);
        Assert.Equal(doneAtPause, filledAtPause);

        // Held: for a few seconds nothing moves, and the runner keeps asking the replica.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.False(run.IsCompleted, "the backfill finished while the replica's SQL thread was stopped");
        Assert.Equal(doneAtPause, Progress(events).Max(p => p.RowsDone));
        Assert.Equal(filledAtPause, await CountAsync(shop, "SELECT count(*) FROM `Customers` WHERE `EmailAddress` IS NOT NULL"));
        var waits = events.OfType<WaitEvent>().ToList();
        Assert.True(waits.Count > waitsAtPause, $"no WaitEvent in the 4 s after the first ({waits.Count} in all)");
        var port = new MySqlConnectionStringBuilder(replica).Port;
        Assert.All(waits, w => Assert.Equal(
            $"replica 127.0.0.1:{port} is not replicating (Slave_SQL_Running: No), so its lag is unknown; backfill of Customers.EmailAddress paused", w.Reason));
        output.WriteLine($"paused after {doneAtPause} rows; held {waits.Count} WaitEvents, last: {waits[^1].Reason} after {waits[^1].Seconds:0.0} s");

        var progressBeforeResume = Progress(events).Count;
        await servers.ExecuteOnReplicaAsync("START REPLICA SQL_THREAD");
        Assert.True(await Task.WhenAny(run, Task.Delay(Guard)) == run, $"the backfill did not finish after the replica resumed; replica: {await servers.StatusAsync()}");
        var result = await run;

        Assert.True(result.Result.ExitCode == 0, Describe(result.All));
        var progress = result.All.OfType<BackfillProgressEvent>().ToList();
        Assert.True(progress.Count > progressBeforeResume, "no progress after the replica resumed");
        Assert.Equal(CustomerCount, progress[^1].RowsDone);
        Assert.Contains(result.All.OfType<MessageEvent>(), m => m.Text.Contains($"{CustomerCount} rows filled, {CustomerCount} visited ("));
        Assert.DoesNotContain(result.All.OfType<MessageEvent>(), m => m.Text.Contains("warning", StringComparison.Ordinal));
        Assert.DoesNotContain(MonitorPassword, Describe(result.All), StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync(shop, "SELECT count(*) FROM `Customers` WHERE NOT (`EmailAddress` <=> `Email`)"));
        await WaitForReplicaAsync(servers, "SELECT count(*) = 0 FROM `Customers` WHERE NOT (`EmailAddress` <=> `Email`)", "the replica to apply the backfill");
        output.WriteLine($"{result.All.OfType<WaitEvent>().Count()} WaitEvents in all: {string.Join(" | ", result.All.OfType<WaitEvent>().Select(w => w.Reason).Distinct())}");
    }

    [Fact]
    public async Task Backfill_pauses_while_a_delayed_replica_is_behind_by_more_than_the_limit_and_finishes_with_the_replica_in_step()
    {
        const int customers = 4000;
        await using var servers = await MariaDbReplica.StartAsync();
        var (shop, replica) = await CreateShopAsync(servers);
        Func<MySqlShopContext> context = () => new MySqlShopContext(MySqlShopContext.Options(shop));
        await ExpandWithCustomersAsync(context, shop, servers, customers);

        // The replica applies each event 3 s after the primary wrote it: while it waits, it is that far behind.
        await servers.ExecuteOnReplicaAsync("STOP REPLICA; CHANGE MASTER TO MASTER_DELAY = 3; START REPLICA;");
        var clock = Stopwatch.StartNew();
        while (!(await servers.StatusAsync()).StartsWith("Slave_IO_Running=Yes Slave_SQL_Running=Yes ", StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < Guard, $"the replica did not replicate again after its delay was set: {await servers.StatusAsync()}");
            await Task.Delay(100);
        }

        var settings = new RunnerSettings { BatchSize = 200, MaxRowsPerSecond = 2000, MaxReplicaLag = TimeSpan.FromSeconds(1), Replicas = [replica] };
        var run = RunnerScenario.RunAsync(context, RunnerCommand.Phase, MigrationPhase.Backfill, settings: settings);
        Assert.True(await Task.WhenAny(run, Task.Delay(Guard)) == run, $"the backfill did not finish; replica: {await servers.StatusAsync()}");
        var result = await run;

        Assert.True(result.Result.ExitCode == 0, Describe(result.All));
        var port = new MySqlConnectionStringBuilder(replica).Port;
        var waits = result.All.OfType<WaitEvent>().ToList();
        Assert.NotEmpty(waits);
        Assert.All(waits, w => Assert.Matches(
            $@"^replica 127\.0\.0\.1:{port} is \d+ s behind its primary, over 1 s; backfill of Customers\.EmailAddress paused$", w.Reason));
        Assert.Equal(customers, result.All.OfType<BackfillProgressEvent>().Last().RowsDone);
        Assert.DoesNotContain(MonitorPassword, Describe(result.All), StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync(shop, "SELECT count(*) FROM `Customers` WHERE NOT (`EmailAddress` <=> `Email`)"));
        await WaitForReplicaAsync(servers, "SELECT count(*) = 0 FROM `Customers` WHERE NOT (`EmailAddress` <=> `Email`)", "the replica to apply the backfill");
        output.WriteLine($"{waits.Count} WaitEvents: {string.Join(" | ", waits.Select(w => w.Reason).Distinct())}");
    }

    /// <summary>
    /// Creates database <c>shop</c> on the primary and gives the script's login <c>monitor</c> (which may only ask for
    /// replication status) a password of its own; both reach the replica through replication. Returns the shop's
    /// connection string on the primary and the monitor's on the replica, as the runner is given it.
    /// </summary>
    private static async Task<(string Shop, string Replica)> CreateShopAsync(MariaDbReplica servers)
        => (await servers.CreateDatabaseAsync("shop"), await servers.MonitorOnReplicaAsync(MonitorPassword));

    /// <summary>The shop's first group, its customers, and the Expand of CustomerDetails; returns once the replica has applied all of it.</summary>
    private static async Task ExpandWithCustomersAsync(Func<MySqlShopContext> context, string shop, MariaDbReplica servers, int customers)
    {
        Assert.Equal(0, (await RunnerScenario.RunAsync(context, RunnerCommand.Phase, MigrationPhase.Expand, target: "Initial")).Result.ExitCode);
        await ExecuteAsync(shop, $"INSERT INTO `Customers` (`Name`, `Email`, `Phone`) SELECT CONCAT('c', seq), CONCAT('c', seq, '@x'), NULL FROM seq_1_to_{customers}");
        Assert.Equal(0, (await RunnerScenario.RunAsync(context, RunnerCommand.Phase, MigrationPhase.Expand)).Result.ExitCode);
        Assert.Equal(customers, await CountAsync(shop, "SELECT count(*) FROM `Customers` WHERE `EmailAddress` IS NULL"));
        await WaitForReplicaAsync(servers, $"SELECT count(*) = {customers} FROM `Customers` WHERE `EmailAddress` IS NULL", "the replica to apply the Expand and the customers");
    }

    /// <summary>Waits until <paramref name="condition"/> holds in the shop on the replica.</summary>
    private static Task WaitForReplicaAsync(MariaDbReplica servers, string condition, string what)
        => servers.WaitForReplicaAsync("shop", condition, what, Guard);

    private static List<BackfillProgressEvent> Progress(IEnumerable<RunnerEvent> events) => [.. events.OfType<BackfillProgressEvent>()];

    private static string Describe(IEnumerable<RunnerEvent> events) => string.Join(Environment.NewLine, events.Select(e => e.ToString()));

    private static Task<long> CountAsync(string connectionString, string sql) => MariaDbReplica.CountAsync(connectionString, sql);

    private static Task ExecuteAsync(string connectionString, string sql) => MariaDbReplica.ExecuteAsync(connectionString, sql);
}
