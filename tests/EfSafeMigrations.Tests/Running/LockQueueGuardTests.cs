using System.Diagnostics;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using Npgsql;

namespace EfSafeMigrations.Tests.Running;

/// <summary>
/// A DDL step against real lock holders: one holding SHARE UPDATE EXCLUSIVE as an autovacuum does, one holding a row
/// lock in a long transaction. The step waits for them outside the lock queue, so the app's inserts are never held
/// behind it, names them, and goes ahead once they have left.
/// </summary>
public sealed class LockQueueGuardTests
{
    // Long enough that a DDL statement waiting in the lock queue would hold the app's inserts for many seconds, far
    // beyond what a busy machine adds to an insert.
    private static readonly RunnerSettings Settings = new() { LockTimeout = TimeSpan.FromSeconds(10) };
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_ddl_step_waits_outside_the_lock_queue_for_long_lock_holders_while_the_app_inserts_and_goes_ahead_once_they_leave()
    {
        await using var database = await PostgresDatabase.CreateAsync("lock_guard");
        await database.ExecuteAsync("CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL); INSERT INTO items (name) SELECT 'i' || g FROM generate_series(1, 1000) g");
        await using var vacuumLike = await HolderAsync(database, "vacuum-like", "LOCK TABLE items IN SHARE UPDATE EXCLUSIVE MODE");
        await using var longTransaction = await HolderAsync(database, "long-transaction", "UPDATE items SET name = 'held' WHERE id = 1");
        var events = new RecordingEvents();
        using var stopApp = new CancellationTokenSource(Bound);
        var app = InsertLoop.Start(database.ConnectionString, "INSERT INTO items (name) VALUES ('app')", stopApp.Token);

        var ddl = OneDdlStep.ApplyAsync(database.ConnectionString, "ALTER TABLE items ADD COLUMN note text;", Settings, events);
        await WaitUntilAsync(() => events.All.OfType<WaitEvent>().Any(w => w.Reason.Contains("(long-transaction, idle in transaction", StringComparison.Ordinal)));
        var insertsWhileWaiting = app.Inserted;
        await WaitUntilAsync(() => app.Inserted >= insertsWhileWaiting + 20);
        Assert.False(ddl.IsCompleted, "The step went ahead while both holders still held their locks.");

        await vacuumLike.Transaction.CommitAsync();
        await longTransaction.Transaction.CommitAsync();
        var result = await ddl.WaitAsync(Bound);
        await stopApp.CancelAsync();
        var slowest = await app.Slowest;

        Assert.Null(result);
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'note'"));
        var wait = events.All.OfType<WaitEvent>().First().Reason;
        Assert.Contains($"pid {vacuumLike.Session} (vacuum-like, idle in transaction for ", wait, StringComparison.Ordinal);
        Assert.Contains($"pid {longTransaction.Session} (long-transaction, idle in transaction for ", wait, StringComparison.Ordinal);
        Assert.Contains("s: UPDATE items SET)", wait, StringComparison.Ordinal);
        Assert.DoesNotContain("'held'", wait, StringComparison.Ordinal);
        // A step queued for its lock would have held every insert for up to the lock timeout (10 s).
        Assert.True(slowest < TimeSpan.FromSeconds(3), $"An app insert waited {slowest.TotalMilliseconds:0} ms.");
    }

    private static async Task<LockHolder> HolderAsync(PostgresDatabase database, string application, string sql)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = application, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new LockHolder(connection, transaction, connection.ProcessID);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < Bound, "The condition was not met within the bound.");
            await Task.Delay(20);
        }
    }

    private sealed record LockHolder(NpgsqlConnection Connection, NpgsqlTransaction Transaction, int Session) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
    }
}
