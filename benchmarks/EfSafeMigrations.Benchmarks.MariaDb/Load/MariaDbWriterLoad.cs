using System.Diagnostics;
using EfSafeMigrations.Benchmarks.Load;
using MySqlConnector;

namespace EfSafeMigrations.Benchmarks.MariaDb.Load;

/// <summary>
/// The application on MariaDB: writer threads, each with its own connection making blocking calls, running one-row
/// transactions on random existing keys (50% UPDATE of Balance, 30% SELECT, 20% INSERT), as the old version (which does
/// not know Label) until <see cref="Version"/> turns to the new one, which writes Label itself. Every transaction's start,
/// end and outcome is recorded.
/// </summary>
public sealed class MariaDbWriterLoad : IAsyncDisposable
{
    /// <summary>Transactions each writer runs before the measured time starts (connections opened, statements warm).</summary>
    public const int WarmUpTransactions = 200;

    private readonly string _connectionString;
    private readonly long _keyRange;
    private readonly int _writerCount;
    private readonly int _thinkMs;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task<WriterLog>> _writers = [];
    private readonly TaskCompletionSource _warm = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile AppVersion _version = AppVersion.Old;
    private int _warmWriters;

    private MariaDbWriterLoad(string connectionString, int writers, int thinkMs, long keyRange, int commandTimeoutSeconds)
    {
        _connectionString = new MySqlConnectionStringBuilder(connectionString) { DefaultCommandTimeout = (uint)commandTimeoutSeconds }.ConnectionString;
        _writerCount = writers;
        _thinkMs = thinkMs;
        _keyRange = keyRange;
    }

    /// <summary>The app version the writers run as from their next transaction on.</summary>
    public AppVersion Version
    {
        get => _version;
        set => _version = value;
    }

    /// <summary>Completes when every writer has run <see cref="WarmUpTransactions"/>.</summary>
    public Task WarmedUp => _warm.Task;

    /// <summary>Starts <paramref name="writers"/> writer threads on the database of <paramref name="connectionString"/>.</summary>
    public static MariaDbWriterLoad Start(string connectionString, int writers, int thinkMs, long keyRange, int commandTimeoutSeconds)
    {
        var load = new MariaDbWriterLoad(connectionString, writers, thinkMs, keyRange, commandTimeoutSeconds);
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

    /// <summary>Stops the writers after their current transaction and returns their logs.</summary>
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
    }

    private WriterLog Run(int seed)
    {
        var log = new WriterLog();
        var random = new Random(seed);
        MySqlConnection? connection = null;
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
                    if (connection == null)
                    {
                        connection = new MySqlConnection(_connectionString);
                        connection.Open();
                    }

                    Execute(connection, op, random, _version);
                }
                catch (MySqlException error) when (error.ErrorCode is not (MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.CommandTimeoutExpired))
                {
                    failure = $"{error.ErrorCode}: {error.Message}";
                }
                catch (Exception error) when (error is MySqlException or TimeoutException or InvalidOperationException or IOException)
                {
                    // A timeout or a broken connection: start the next transaction on a fresh connection, after a short pause.
                    failure = error.GetBaseException().Message;
                    connection?.Dispose();
                    connection = null;
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

    private void Execute(MySqlConnection connection, WriterOp op, Random random, AppVersion version)
    {
        using var command = connection.CreateCommand();
        var key = random.NextInt64(1, _keyRange + 1);
        switch (op)
        {
            case WriterOp.Update:
                command.CommandText = "UPDATE `Accounts` SET `Balance` = `Balance` + 1 WHERE `Id` = @id";
                command.Parameters.AddWithValue("@id", key);
                command.ExecuteNonQuery();
                break;
            case WriterOp.Select:
                command.CommandText = version == AppVersion.Old
                    ? "SELECT `Name`, `Balance` FROM `Accounts` WHERE `Id` = @id"
                    : "SELECT `Name`, `Balance`, `Label` FROM `Accounts` WHERE `Id` = @id";
                command.Parameters.AddWithValue("@id", key);
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
                    ? "INSERT INTO `Accounts` (`Name`, `Balance`, `RegionId`, `Note`) VALUES (@name, 0, @region, @note)"
                    : "INSERT INTO `Accounts` (`Name`, `Balance`, `RegionId`, `Note`, `Label`) VALUES (@name, 0, @region, @note, @label)";
                command.Parameters.AddWithValue("@name", name);
                command.Parameters.AddWithValue("@region", random.Next(1, Model.BenchModel.RegionCount + 1));
                command.Parameters.AddWithValue("@note", "inserted during the benchmark");
                if (version == AppVersion.New)
                {
                    // The new version computes the label itself, as the model says (upper-case name).
                    command.Parameters.AddWithValue("@label", name.ToUpperInvariant());
                }

                command.ExecuteNonQuery();
                break;
        }
    }
}
