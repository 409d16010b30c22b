using System.Data.Common;
using EfSafeMigrations.Dialects;

namespace EfSafeMigrations.Sql;

/// <summary>Runs statements outside a transaction with the session's lock timeout set, and resets it afterwards whatever happens.</summary>
internal static class SessionLockTimeout
{
    public static async Task<int> RunAsync(
        DbConnection connection, DatabaseDialect dialect, TimeSpan lockTimeout, Func<Task<int>> statements, CancellationToken cancellationToken)
    {
        await AdoCommands.ExecuteAsync(connection, dialect.LockTimeoutForSession(lockTimeout), null, cancellationToken).ConfigureAwait(false);
        try
        {
            if (dialect.LockPollInterval is not { } interval)
            {
                return await statements().ConfigureAwait(false);
            }

            // The server cannot wait a fraction of a second for a lock: the statements ask without waiting, again and
            // again, until the lock timeout has passed. Nobody queues behind a statement that does not wait.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    return await statements().ConfigureAwait(false);
                }
                catch (DbException error) when (dialect.Runner.IsLockTimeout(error) && clock.Elapsed + interval < lockTimeout)
                {
                    await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                }
                catch (DbException error) when (dialect.Runner.IsLockTimeout(error) && dialect.Runner.LockHolders is { } holders)
                {
                    throw await LockHoldersException.NamingAsync(connection, holders, error).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // A session that was lost takes its setting with it; resetting it there would hide why it was lost.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await AdoCommands.ExecuteAsync(connection, dialect.ResetLockTimeout, null, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
