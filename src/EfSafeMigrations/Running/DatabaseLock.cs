using System.Data.Common;
using System.Diagnostics;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Sql;

namespace EfSafeMigrations.Running;

/// <summary>
/// One runner at a time per database: a session-level lock (PostgreSQL advisory lock) on a connection
/// of its own, named after its holder so a second runner can say who holds it.
/// </summary>
internal sealed class DatabaseLock : IAsyncDisposable
{
    // A fixed key: the advisory lock space is per database, and one runner per database is the rule.
    internal const long Key = 0x45_66_53_61_66_65_4D_31; // "EfSafeM1"
    private readonly DbConnection _connection;
    private readonly IRunnerSql _sql;
    private bool _lost;

    private DatabaseLock(DbConnection connection, IRunnerSql sql)
    {
        _connection = connection;
        _sql = sql;
    }

    /// <summary>Takes the lock, waiting up to <paramref name="wait"/> and reporting the wait; refuses (exit 3) naming the holder when it stays taken.</summary>
    public static async Task<DatabaseLock> AcquireAsync(DbConnection template, IRunnerSql sql, TimeSpan wait, IRunnerEvents events)
    {
        var (held, holder) = await TryAcquireAsync(
            template, sql, wait, (reason, waited) => events.Report(new WaitEvent(reason, waited.TotalSeconds)), CancellationToken.None).ConfigureAwait(false);
        return held ?? throw new RunnerRefusal(ExitCodes.Refused,
            $"Another runner holds the database lock ({holder}); nothing was changed. Wait for it, or pass --wait-for-lock 10m.");
    }

    public static string HolderName => $"safe-migrate {Environment.MachineName} pid {Environment.ProcessId}";

    /// <summary>Takes the lock, waiting up to <paramref name="wait"/>; null, with the holder's name, when another runner holds it.</summary>
    public static async Task<(DatabaseLock? Lock, string? Holder)> TryAcquireAsync(
        DbConnection template, IRunnerSql sql, TimeSpan wait, Action<string, TimeSpan> onWait, CancellationToken cancellationToken)
    {
        var connection = (DbConnection)((ICloneable)template).Clone();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await AdoCommands.ScalarAsync(connection, sql.NameSession, cancellationToken, null, ("name", HolderName)).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (AdoCommands.IsTrue(await AdoCommands.ScalarAsync(connection, sql.TryLock, cancellationToken, null, ("key", Key)).ConfigureAwait(false)))
            {
                return (new DatabaseLock(connection, sql), null);
            }

            var holder = await HolderAsync(connection, sql, cancellationToken).ConfigureAwait(false);
            if (clock.Elapsed >= wait)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                return (null, holder);
            }

            onWait($"another runner holds the database lock: {holder}", clock.Elapsed);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, Math.Max(50, (wait - clock.Elapsed).TotalMilliseconds))), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Checks the lock's session before a step or a batch (a session-level lock lives exactly as long as its session).
    /// When the session is gone (a failover, a proxy restart, a session ended by hand), opens it again and takes the
    /// lock again, saying so; throws <see cref="LockLostException"/> naming <paramref name="before"/> when that fails or
    /// another runner took the lock meanwhile, so that no two runners change the database at once.
    /// </summary>
    public async Task EnsureHeldAsync(string before, IRunnerEvents events, CancellationToken cancellationToken)
    {
        Exception cause;
        try
        {
            await AdoCommands.ScalarAsync(_connection, _sql.SessionId, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception error) when (IsLostSession(error))
        {
            cause = error;
        }

        string holder;
        try
        {
            await _connection.CloseAsync().ConfigureAwait(false);
            await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await AdoCommands.ScalarAsync(_connection, _sql.NameSession, cancellationToken, null, ("name", HolderName)).ConfigureAwait(false);
            if (AdoCommands.IsTrue(await AdoCommands.ScalarAsync(_connection, _sql.TryLock, cancellationToken, null, ("key", Key)).ConfigureAwait(false)))
            {
                events.Report(new MessageEvent($"the database lock's session was lost too: the lock is taken again (before {before})"));
                return;
            }

            holder = $"another runner took it meanwhile ({await HolderAsync(_connection, _sql, cancellationToken).ConfigureAwait(false)})";
        }
        catch (Exception error) when (IsLostSession(error))
        {
            holder = $"it could not be taken again: {error.GetBaseException().Message.TrimEnd('.')}";
        }

        _lost = true;
        throw new LockLostException(
            $"The runner lost its database lock before {before}: the lock's session ended ({cause.GetBaseException().Message.TrimEnd('.')}) and {holder}. "
            + "It stopped there, so that no two runners change the database at once. What was applied stays applied and recorded: run the same command again to go on.",
            cause);
    }

    /// <summary>After the runner's connection was lost: the same check, so that the run goes on only with the lock.</summary>
    public Task KeepAsync(IRunnerEvents events, CancellationToken cancellationToken)
        => EnsureHeldAsync("going on after the lost connection", events, cancellationToken);

    private static bool IsLostSession(Exception error)
        => error is DbException or InvalidOperationException or IOException or System.Net.Sockets.SocketException or TimeoutException;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_lost)
            {
                await AdoCommands.ScalarAsync(_connection, _sql.Unlock, CancellationToken.None, null, ("key", Key)).ConfigureAwait(false);
            }
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<string> HolderAsync(DbConnection connection, IRunnerSql sql, CancellationToken cancellationToken)
    {
        await using var command = AdoCommands.Create(connection, sql.LockHolder, null, ("key", Key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? $"{(reader.IsDBNull(0) || reader.GetString(0).Length == 0 ? "a session without a name" : reader.GetString(0))} from {reader.GetString(1)} since {reader.GetDateTime(2):u}"
            : "a runner that has just finished";
    }
}
