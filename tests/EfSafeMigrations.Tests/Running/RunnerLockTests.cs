using System.Diagnostics;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Running.Fixtures;
using EfSafeMigrations.Tests.TestInfrastructure;
using Npgsql;

namespace EfSafeMigrations.Tests.Running;

/// <summary>The runner against other sessions: another runner, and an app transaction holding a table lock.</summary>
public sealed class RunnerLockTests
{
    private const long LockKey = 0x45_66_53_61_66_65_4D_31;

    [Fact]
    public async Task A_second_runner_refuses_and_names_the_holder_or_waits_for_it()
    {
        await using var database = await PostgresDatabase.CreateAsync("lock");
        Func<RunnerFixtureContext> fixture = () => RunnerFixtureContext.Create(database.ConnectionString);
        await using var holder = new NpgsqlConnection(database.ConnectionString + ";Application Name=safe-migrate ci-runner-7 pid 4242");
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", holder))
        {
            await take.ExecuteScalarAsync();
        }

        var refused = await RunnerScenario.RunAsync(fixture, RunnerCommand.Phase, MigrationPhase.Expand, target: "Label");

        Assert.Equal(ExitCodes.Refused, refused.Result.ExitCode);
        Assert.Contains("Another runner holds the database lock (safe-migrate ci-runner-7 pid 4242 from", refused.Result.Message);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_name = '__EFSafeMigrations'"));

        var release = Task.Run(async () =>
        {
            await Task.Delay(1500);
            await using var free = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", holder);
            await free.ExecuteScalarAsync();
        });
        var waited = await RunnerScenario.RunAsync(
            fixture, RunnerCommand.Phase, MigrationPhase.Expand, target: "Label", settings: new RunnerSettings { WaitForLock = TimeSpan.FromSeconds(30) });
        await release;

        Assert.Equal(0, waited.Result.ExitCode);
        Assert.Contains(waited.All.OfType<WaitEvent>(), w => w.Reason.Contains("safe-migrate ci-runner-7 pid 4242"));
    }

    [Fact]
    public async Task The_holder_named_is_this_databases_while_a_runner_of_another_database_on_the_server_holds_its_own()
    {
        await using var other = await PostgresDatabase.CreateAsync("lock_other");
        await using var database = await PostgresDatabase.CreateAsync("lock_this");
        await using var otherHolder = await TakeLockAsync(other, "safe-migrate other-host pid 1");
        await using var holder = await TakeLockAsync(database, "safe-migrate this-host pid 2");

        var refused = await RunnerScenario.RunAsync(() => RunnerFixtureContext.Create(database.ConnectionString), RunnerCommand.Phase, MigrationPhase.Expand, target: "Label");

        Assert.Equal(ExitCodes.Refused, refused.Result.ExitCode);
        Assert.Contains("Another runner holds the database lock (safe-migrate this-host pid 2 from", refused.Result.Message);
    }

    private static async Task<NpgsqlConnection> TakeLockAsync(PostgresDatabase database, string holderName)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = holderName, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection);
        await take.ExecuteScalarAsync();
        return connection;
    }

    [Fact]
    public async Task Ddl_blocked_by_a_long_transaction_waits_outside_the_lock_queue_naming_it_and_succeeds_once_the_lock_is_gone()
    {
        await using var database = await PostgresDatabase.CreateAsync("lock");
        Func<RunnerFixtureContext> fixture = () => RunnerFixtureContext.Create(database.ConnectionString);
        await RunnerScenario.RunAsync(fixture, RunnerCommand.Phase, MigrationPhase.Expand, target: "Base");
        await using var app = new NpgsqlConnection(database.ConnectionString);
        await app.OpenAsync();
        var transaction = await app.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("""SELECT count(*) FROM "Items" """, app, transaction))
        {
            await read.ExecuteScalarAsync();
        }

        var settings = new RunnerSettings { LockTimeout = TimeSpan.FromMilliseconds(100), RetryDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromMilliseconds(400) };
        var run = RunnerScenario.RunAsync(fixture, RunnerCommand.Phase, MigrationPhase.Expand, target: "Label", settings: settings);

        // While the runner retries, the app's own queries on the table are never queued behind the DDL for longer than its lock timeout.
        var worstWait = TimeSpan.Zero;
        await using var other = new NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync();
        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            await using (var insert = new NpgsqlCommand("""INSERT INTO "Items" ("Name") VALUES ('during')""", other))
            {
                await insert.ExecuteNonQueryAsync();
            }

            worstWait = clock.Elapsed > worstWait ? clock.Elapsed : worstWait;
            await Task.Delay(50);
        }

        await transaction.RollbackAsync();
        var events = await run;

        Assert.Equal(0, events.Result.ExitCode);
        Assert.Contains(events.All.OfType<WaitEvent>(), w => w.Reason.Contains($"pid {app.ProcessID} (", StringComparison.Ordinal) && w.Reason.Contains("idle in transaction", StringComparison.Ordinal));
        Assert.True(worstWait < TimeSpan.FromSeconds(1), $"an app insert waited {worstWait.TotalMilliseconds:0} ms behind the blocked DDL");
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'Items' AND column_name = 'Label'"));
    }
}
