using System.Diagnostics;
using Npgsql;

namespace EfSafeMigrations.Benchmarks.Load;

/// <summary>
/// The application's load: N writers, each a thread of its own with its own connection and blocking
/// calls (so the thread pool's scheduling is not in the measured latency), running single-statement
/// transactions in a loop (half UPDATEs of a random existing row, 30% SELECTs of one, 20% INSERTs of a
/// new row) with a short pause between two, and recording each one's start, end and outcome. Without the
/// pause, four writers and their four server processes keep a 2-core machine fully busy, and the
/// scheduler then leaves single writers waiting for up to seconds even when no migration runs. Writers are the old application version
/// until <see cref="Version"/> is switched, as a rolling deploy does between Backfill and Contract.
/// </summary>
public sealed class WriterLoad : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly long _keyRange;
    private readonly int _regions;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task<WriterLog>> _writers = [];
    private readonly TaskCompletionSource _warm = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _writerCount;
    private readonly int _thinkMs;
    private volatile AppVersion _version = AppVersion.Old;
    private int _warmWriters;

    private WriterLoad(string connectionString, int writers, int thinkMs, long keyRange, int regions, int commandTimeoutSeconds)
    {
        _writerCount = writers;
        _thinkMs = thinkMs;
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            CommandTimeout = commandTimeoutSeconds,
            ApplicationName = "esm-benchmark-writer",
        };
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
        _keyRange = keyRange;
        _regions = regions;
    }

    /// <summary>The application version the writers behave as from their next transaction on.</summary>
    public AppVersion Version
    {
        get => _version;
        set => _version = value;
    }

    /// <summary>Completes once every writer has its connection and has run <see cref="WarmUpTransactions"/> transactions.</summary>
    public Task WarmedUp => _warm.Task;

    /// <summary>Transactions each writer runs before <see cref="WarmedUp"/> (connections opened, code compiled, plans cached).</summary>
    public const int WarmUpTransactions = 200;

    /// <summary>
    /// Starts <paramref name="writers"/> writers on the database, each pausing <paramref name="thinkMs"/> ms between
    /// transactions; keys are drawn from 1..<paramref name="keyRange"/>.
    /// </summary>
    public static WriterLoad Start(string connectionString, int writers, int thinkMs, long keyRange, int regions, int commandTimeoutSeconds)
    {
        var load = new WriterLoad(connectionString, writers, thinkMs, keyRange, regions, commandTimeoutSeconds);
        if (writers == 0)
        {
            load._warm.TrySetResult();
        }

        for (var i = 0; i < writers; i++)
        {
            var seed = 1000 + i;
            var done = new TaskCompletionSource<WriterLog>(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    done.SetResult(load.Run(seed));
                }
#pragma warning disable CA1031 // Handed to whoever awaits the writer.
                catch (Exception error)
#pragma warning restore CA1031
                {
                    done.SetException(error);
                }
            })
            {
                IsBackground = true,
                Name = $"writer {i + 1}",
            };
            thread.Start();
            load._writers.Add(done.Task);
        }

        return load;
    }

    /// <summary>Stops the writers after their current transaction and returns what each recorded.</summary>
    public async Task<IReadOnlyList<WriterLog>> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        return await Task.WhenAll(_writers).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        await _source.DisposeAsync().ConfigureAwait(false);
    }

    private WriterLog Run(int seed)
    {
        var log = new WriterLog();
        var random = new Random(seed);
        NpgsqlConnection? connection = null;
        var done = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var roll = random.Next(100);
                var op = roll < 50 ? WriterOp.Update : roll < 80 ? WriterOp.Select : WriterOp.Insert;
                var start = Stopwatch.GetTimestamp();
                string? failure = null;
                try
                {
                    connection ??= _source.OpenConnection();
                    Execute(connection, op, random, _version);
                }
                catch (PostgresException error)
                {
                    failure = $"{error.SqlState}: {error.MessageText}";
                }
                catch (Exception error) when (error is NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    // A timeout or a broken connection: start the next transaction on a fresh connection.
                    failure = error.GetBaseException().Message;
                    if (connection != null)
                    {
                        connection.Dispose();
                        connection = null;
                    }

                    // Without a server a writer would spin: pause a little before the next attempt.
                    Thread.Sleep(20);
                }

                var end = Stopwatch.GetTimestamp();
                log.Samples.Add(new TransactionSample(start, end, op, failure == null));
                if (failure != null)
                {
                    log.Failures.Add(new WriterFailure(start, end, op, failure));
                }

                if (++done == WarmUpTransactions && Interlocked.Increment(ref _warmWriters) == _writerCount)
                {
                    _warm.TrySetResult();
                }

                if (_thinkMs > 0)
                {
                    Thread.Sleep(_thinkMs);
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }

        return log;
    }

    private void Execute(NpgsqlConnection connection, WriterOp op, Random random, AppVersion version)
    {
        using var command = connection.CreateCommand();
        var key = random.NextInt64(1, _keyRange + 1);
        switch (op)
        {
            case WriterOp.Update:
                command.CommandText = """UPDATE "Accounts" SET "Balance" = "Balance" + 1 WHERE "Id" = $1""";
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
                command.ExecuteNonQuery();
                break;
            case WriterOp.Select:
                command.CommandText = version == AppVersion.Old
                    ? """SELECT "Name", "Balance" FROM "Accounts" WHERE "Id" = $1"""
                    : """SELECT "Name", "Balance", "Label" FROM "Accounts" WHERE "Id" = $1""";
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                    }
                }

                break;
            default:
                var name = $"account new {random.Next():x8}";
                command.CommandText = version == AppVersion.Old
                    ? """INSERT INTO "Accounts" ("Name", "Balance", "RegionId", "Note") VALUES ($1, 0, $2, $3)"""
                    : """INSERT INTO "Accounts" ("Name", "Balance", "RegionId", "Note", "Label") VALUES ($1, 0, $2, $3, $4)""";
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = random.Next(1, _regions + 1) });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "inserted during the benchmark" });
                if (version == AppVersion.New)
                {
                    // The new version computes the label itself, as the model says (upper-case name).
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name.ToUpperInvariant() });
                }

                command.ExecuteNonQuery();
                break;
        }
    }
}
