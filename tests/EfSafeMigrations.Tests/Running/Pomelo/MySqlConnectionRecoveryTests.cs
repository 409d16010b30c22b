using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Sql;
using EfSafeMigrations.Tests.Dialects.MySql.Harness;
using EfSafeMigrations.Tests.Dialects.MySql.Pomelo;
using EfSafeMigrations.Tests.TestInfrastructure;
using MySqlConnector;
using static EfSafeMigrations.Tests.Catalogue.WritersDuringPhasesTests;

namespace EfSafeMigrations.Tests.Running.Pomelo;

/// <summary>
/// The runner's connection to MariaDB ended by <c>KILL</c> while it backfills (as a failover or a proxy restart ends it):
/// the run reconnects, says so, and resumes from its last committed batch, within the same run.
/// </summary>
public sealed class MySqlConnectionRecoveryTests
{
    private const int Rows = 30_000;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_backfill_whose_session_is_killed_again_and_again_reconnects_resumes_from_its_checkpoint_and_finishes()
    {
        await using var cycle = await MariaDbCycle.StartAsync(
            PomeloProvider.Value,
            "my_reconnect",
            m => MySqlCatalogueRows.Bounded(m, o => Customers(o)),
            m => MySqlCatalogueRows.Bounded(m, n => Customers(n, e => e.Property(c => c.Phone).IsRequired())));
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.Staged.ExecuteAsync($"INSERT INTO `Customers` (`Name`, `Code`, `Age`) SELECT CONCAT('c', seq), 'x', 1 FROM seq_1_to_{Rows}");
        MySqlConnection.ClearAllPools();
        var progress = new SemaphoreSlim(0);
        var reconnected = new SemaphoreSlim(0);
        var events = new RecordingEvents
        {
            OnEvent = e =>
            {
                if (e is BackfillProgressEvent)
                {
                    progress.Release();
                }
                else if (e is MessageEvent { Text: var text } && text.Contains("reconnected", StringComparison.Ordinal))
                {
                    reconnected.Release();
                }
            },
        };

        var backfill = cycle.RunAsync(MigrationPhase.Backfill, events: events, settings: new RunnerSettings { BatchSize = 200, MaxRowsPerSecond = 2000 });

        // Its session killed three times, each once batches have committed since the last time.
        for (var kill = 0; kill < 3; kill++)
        {
            Assert.True(await progress.WaitAsync(Timeout) && await progress.WaitAsync(Timeout), Describe(events));
            Assert.True(await KillOtherSessionsAsync(cycle.Staged.ConnectionString) > 0, "No session of the runner to kill. " + Describe(events));
            Assert.True(await reconnected.WaitAsync(Timeout), Describe(events));
        }

        var stopped = await backfill.WaitAsync(Timeout);

        Assert.True(stopped == null, $"The backfill stopped: {stopped?.Message}\n{Describe(events)}");
        Assert.Equal(0L, await cycle.Staged.ScalarAsync<long>("SELECT COUNT(*) FROM `Customers` WHERE `Phone` IS NULL"));
        var lost = events.All.OfType<MessageEvent>().Select(m => m.Text).Where(t => t.StartsWith("connection lost", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lost.Count);
        Assert.All(lost, l => Assert.Matches(
            @"^connection lost during batch \d+ of the backfill of Customers\.Phone \(An incomplete response was received from the server\): reconnected, resuming after row \d+ \(attempt 1 of 5\)$", l));
        Assert.Contains(events.All.OfType<BackfillProgressEvent>(), p => p.Finished && p.RowsDone == Rows);
    }

    [Fact]
    public async Task A_statement_whose_session_is_killed_while_it_runs_is_a_lost_connection_and_runs_again_on_a_new_session()
    {
        await using var database = await MariaDbDatabase.CreateAsync("my_reconnect_statement");
        await using var connection = new MySqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var events = new RecordingEvents();
        var recovery = new ConnectionRecovery(connection, DatabaseDialects.MySql.Runner, events);
        var sessions = new List<int>();

        await recovery.RunAsync(
            async () =>
            {
                sessions.Add(connection.ServerThread);
                if (sessions.Count == 1)
                {
                    var sleeping = AdoCommands.ScalarAsync(connection, "SELECT SLEEP(60);", CancellationToken.None);
                    await KillWhenRunningAsync(database.ConnectionString, connection.ServerThread);
                    await sleeping;
                }
            },
            "during step 1 of 1",
            CancellationToken.None);

        Assert.Equal(2, sessions.Distinct().Count());
        Assert.Equal(
            "connection lost during step 1 of 1 (An incomplete response was received from the server): reconnected, running it again (it had not committed) (attempt 1 of 5)",
            Assert.Single(events.All.OfType<MessageEvent>()).Text);
    }

    /// <summary>Kills a session once it runs a statement.</summary>
    private static async Task KillWhenRunningAsync(string connectionString, int session)
    {
        await using var connection = new MySqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        for (var running = false; !running; await Task.Delay(20))
        {
            await using var find = new MySqlCommand($"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = {session} AND COMMAND = 'Query'", connection);
            running = Convert.ToInt64(await find.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }

        await using var kill = new MySqlCommand($"KILL {session}", connection);
        await kill.ExecuteNonQueryAsync();
    }

    /// <summary>Kills every session on the database but this one: the runner's, and any idle pooled session of the test's.</summary>
    private static async Task<int> KillOtherSessionsAsync(string connectionString)
    {
        await using var connection = new MySqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        var ids = new List<long>();
        await using (var find = new MySqlCommand("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()", connection))
        await using (var reader = await find.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        foreach (var id in ids)
        {
            await using var kill = new MySqlCommand($"KILL {id}", connection);
            await kill.ExecuteNonQueryAsync();
        }

        return ids.Count;
    }

    private static string Describe(RecordingEvents events)
        => string.Join("\n", events.All.Select(e => e.ToString()));
}
