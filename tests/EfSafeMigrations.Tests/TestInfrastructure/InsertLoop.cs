using System.Diagnostics;
using Npgsql;

namespace EfSafeMigrations.Tests.TestInfrastructure;

/// <summary>
/// The app's side of a lock test: one insert every 10 ms on a connection of its own until stopped, keeping the slowest
/// insert's time (what an app user would feel if a DDL statement queued the app behind it).
/// </summary>
public sealed class InsertLoop
{
    private int inserted;

    private InsertLoop(string connectionString, string insertSql, CancellationToken stop)
        => Slowest = Task.Run(() => RunAsync(connectionString, insertSql, stop));

    /// <summary>The inserts done so far.</summary>
    public int Inserted => Volatile.Read(ref inserted);

    /// <summary>The slowest insert's time, once the loop has stopped.</summary>
    public Task<TimeSpan> Slowest { get; }

    /// <summary>Starts inserting with <paramref name="insertSql"/> on <paramref name="connectionString"/>.</summary>
    public static InsertLoop Start(string connectionString, string insertSql, CancellationToken stop) => new(connectionString, insertSql, stop);

    private async Task<TimeSpan> RunAsync(string connectionString, string insertSql, CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        var slowest = TimeSpan.Zero;
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            await using (var insert = new NpgsqlCommand(insertSql, connection))
            {
                await insert.ExecuteNonQueryAsync(CancellationToken.None);
            }

            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            Interlocked.Increment(ref inserted);
            await Task.Delay(10, CancellationToken.None);
        }

        return slowest;
    }
}
