using System.Diagnostics;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using Npgsql;

namespace EfSafeMigrations.Tests.Running;

/// <summary>
/// A DDL step against a real autovacuum: on a server of the test's own whose autovacuum launcher wakes every second, a
/// table whose autovacuum sleeps after every page holds SHARE UPDATE EXCLUSIVE for minutes. The runner gets it out of the
/// way as its role may and says which way it took: a superuser cancels it with pg_cancel_backend; the table's owner,
/// which may not, asks for SHARE UPDATE EXCLUSIVE, which PostgreSQL answers by interrupting the autovacuum after
/// deadlock_timeout. The app's inserts go on meanwhile and the step goes through.
/// </summary>
public sealed class AutovacuumInterruptionTests
{
    // A DDL statement queued behind the autovacuum would hold every insert for up to this lock timeout.
    private static readonly RunnerSettings Settings = new() { LockTimeout = TimeSpan.FromSeconds(10) };
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_ddl_step_gets_a_running_autovacuum_out_of_the_way_as_its_role_may_while_the_app_inserts(bool superuser)
    {
        var (app, _, destroy) = await Task.Run(TestServers.StartPrivatePostgres);
        try
        {
            // The superuser of the script's servers; same database as the app's login.
            var admin = new NpgsqlConnectionStringBuilder(app) { Username = "postgres", Password = "postgres" }.ConnectionString;
            await ExecuteAsync(admin, "ALTER SYSTEM SET autovacuum_naptime = '1s'");
            await ExecuteAsync(admin, "SELECT pg_reload_conf()");
            await ExecuteAsync(app, """
                CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL) WITH (
                    autovacuum_vacuum_threshold = 0, autovacuum_vacuum_scale_factor = 0,
                    autovacuum_vacuum_cost_delay = 100, autovacuum_vacuum_cost_limit = 1);
                INSERT INTO items (name) SELECT 'item ' || g FROM generate_series(1, 50000) g;
                DELETE FROM items WHERE id % 2 = 0;
                """);
            var vacuum = await AutovacuumOfItemsAsync(app);
            using var stopApp = new CancellationTokenSource(Bound);
            var inserts = InsertLoop.Start(app, "INSERT INTO items (name) VALUES ('app')", stopApp.Token);
            var events = new RecordingEvents();

            var result = await OneDdlStep.ApplyAsync(superuser ? admin : app, "ALTER TABLE items ADD COLUMN note text;", Settings, events)
                .WaitAsync(Bound);
            await stopApp.CancelAsync();
            var slowest = await inserts.Slowest;

            Assert.Null(result);
            Assert.Equal(1L, await ScalarAsync<long>(app, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'note'"));
            var messages = string.Join("\n", events.All.OfType<MessageEvent>().Select(m => m.Text));
            Assert.Contains(
                superuser
                    ? $"cancelled pid {vacuum} (autovacuum worker, active for "
                    : $"PostgreSQL interrupted the autovacuum of items (pid {vacuum}) after ",
                messages,
                StringComparison.Ordinal);
            Assert.Contains(superuser ? "with pg_cancel_backend, which its role may use as a superuser" : "so it asks for SHARE UPDATE EXCLUSIVE on items", messages, StringComparison.Ordinal);
            Assert.True(slowest < TimeSpan.FromSeconds(3), $"An app insert waited {slowest.TotalMilliseconds:0} ms.");
        }
        finally
        {
            await Task.Run(destroy);
        }
    }

    private static async Task<int> AutovacuumOfItemsAsync(string connectionString)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var pid = await ScalarAsync<int?>(
                connectionString, "SELECT pid FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND query LIKE '%VACUUM%items%' LIMIT 1");
            if (pid is { } running)
            {
                return running;
            }

            Assert.True(clock.Elapsed < Bound, "No autovacuum of items started within the bound.");
            await Task.Delay(100);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T?> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return ScalarConversion.To<T>(await command.ExecuteScalarAsync());
    }
}
