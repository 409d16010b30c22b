using System.Data;
using System.Data.Common;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Sql;

namespace EfSafeMigrations.Running;

/// <summary>
/// Rides out a dropped runner connection (its backend terminated, a failover, a proxy restart): the connection is opened
/// again with backoff, named again, the database lock checked (taken again if its session was lost too), and the work
/// goes on from what had committed, within the same run. A step lost half way had not committed (one transaction, or one
/// statement that PostgreSQL undoes when its session ends), so running it again is safe; a backfill resumes at its
/// checkpoint, which commits with each batch. Gives up after <see cref="MaxAttempts"/> reconnections in a row without
/// progress.
/// </summary>
/// <param name="connection">The runner's connection.</param>
/// <param name="sql">The dialect's runner SQL.</param>
/// <param name="events">Where what happened is said.</param>
internal sealed class ConnectionRecovery(DbConnection connection, IRunnerSql sql, IRunnerEvents events)
{
    /// <summary>Reconnections in a row, without progress in between, before the run gives up.</summary>
    public const int MaxAttempts = 5;

    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(16);

    private int _attempts;
    private long _progressAtLastLoss = -1;

    /// <summary>The database lock held for this run, checked after a reconnection; null when the run holds none.</summary>
    public DatabaseLock? Lock { get; set; }

    /// <summary>
    /// Runs <paramref name="work"/>, again after each lost connection. <paramref name="resume"/> is asked after a
    /// reconnection: where the work was (for example "during batch 3 of the backfill of Customers.Email"), what it does now
    /// ("resuming after row 1,200") and how far it had come (rows done, or -1), so that losses with progress in between
    /// each get a fresh set of attempts.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work, Func<Task<(string Where, string Next, long Progress)>> resume, CancellationToken stop)
    {
        while (true)
        {
            try
            {
                var result = await work().ConfigureAwait(false);
                (_attempts, _progressAtLastLoss) = (0, -1);
                return result;
            }
            catch (Exception error) when (Lost(error) is { } cause && !stop.IsCancellationRequested)
            {
                var before = _attempts;
                await ReconnectAsync(cause, stop).ConfigureAwait(false);
                var (where, next, progress) = await resume().ConfigureAwait(false);
                if (progress >= 0 && _progressAtLastLoss >= 0 && progress != _progressAtLastLoss)
                {
                    // Batches committed since the last loss: this loss starts a new count.
                    _attempts -= before;
                }

                _progressAtLastLoss = progress;
                events.Report(new MessageEvent($"connection lost {where} ({cause}): reconnected, {next} (attempt {_attempts} of {MaxAttempts})"));
            }
        }
    }

    /// <summary>Runs <paramref name="work"/>, again after each lost connection; <paramref name="where"/> says what it is.</summary>
    public Task RunAsync(Func<Task> work, string where, CancellationToken stop)
        => RunAsync(
            async () =>
            {
                await work().ConfigureAwait(false);
                return 0;
            },
            () => Task.FromResult((where, "running it again (it had not committed)", -1L)),
            stop);

    /// <summary>Why the connection was lost ("57P01: terminating connection due to administrator command"), or null when <paramref name="error"/> is not a lost connection.</summary>
    private string? Lost(Exception error)
    {
        if (connection.State == ConnectionState.Open)
        {
            return null;
        }

        for (var current = error; current != null; current = current.InnerException)
        {
            switch (current)
            {
                case DbException { SqlState: { } state } db when state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03":
                    return FirstLine(db).StartsWith(state, StringComparison.Ordinal) ? FirstLine(db) : $"{state}: {FirstLine(db)}";
                case DbException { SqlState: not null }:
                    // Any other server error (a wrong password, a missing right) is not cured by connecting again.
                    return null;
                case IOException or System.Net.Sockets.SocketException or EndOfStreamException:
                    return FirstLine(current);
            }
        }

        return error is DbException ? FirstLine(error) : null;
    }

    private async Task ReconnectAsync(string cause, CancellationToken stop)
    {
        while (true)
        {
            if (++_attempts > MaxAttempts)
            {
                throw new InvalidOperationException(
                    $"The connection to the database was lost ({cause}) and could not be used again after {MaxAttempts} attempts.");
            }

            await Task.Delay(Delay(_attempts), stop).ConfigureAwait(false);
            try
            {
                await connection.CloseAsync().ConfigureAwait(false);
                await connection.OpenAsync(stop).ConfigureAwait(false);

                // Named again, so that a DBA sees (and can end) every session of the runner.
                await AdoCommands.ScalarAsync(connection, sql.NameSession, stop, null, ("name", DatabaseLock.HolderName)).ConfigureAwait(false);
                if (Lock != null)
                {
                    await Lock.KeepAsync(events, stop).ConfigureAwait(false);
                }

                return;
            }
            catch (Exception error) when (Lost(error) is { } again && !stop.IsCancellationRequested)
            {
                cause = again;
                events.Report(new MessageEvent($"reconnecting failed ({again}); trying again (attempt {_attempts} of {MaxAttempts})"));
            }
            catch (DbException error)
            {
                // The server answers but will not have the runner back (connections not allowed, a right revoked): no retry cures that.
                throw new InvalidOperationException(
                    $"The connection to the database was lost ({cause}) and connecting again was refused: {FirstLine(error)}. What was applied stays applied and recorded: fix that and run the same command again.");
            }
        }
    }

    private static TimeSpan Delay(int attempt)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, FirstDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    private static string FirstLine(Exception error)
        => error.Message.Split('\n')[0].Trim().TrimEnd('.');
}
