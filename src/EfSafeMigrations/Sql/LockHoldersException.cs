using System.Data.Common;

namespace EfSafeMigrations.Sql;

/// <summary>A lock wait that gave up, with the sessions that may hold the lock named: the retry's message.</summary>
/// <param name="message">The server's message and the sessions.</param>
/// <param name="lockTimeout">The server's lock timeout error.</param>
internal sealed class LockHoldersException(string message, DbException lockTimeout) : InvalidOperationException(message, lockTimeout)
{
    public static async Task<Exception> NamingAsync(DbConnection connection, string holdersQuery, DbException lockTimeout)
    {
        var holders = new List<string>();
        try
        {
            await using var command = AdoCommands.Create(connection, holdersQuery, null);
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
            while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                holders.Add(reader.GetString(0));
            }
        }
        catch (DbException)
        {
            // A role that may not read the server's transaction list: the wait is still retried, unnamed.
            return lockTimeout;
        }

        return holders.Count == 0
            ? lockTimeout
            : new LockHoldersException($"{lockTimeout.Message.TrimEnd('.')}; open transactions that may hold it: {string.Join(", ", holders)}", lockTimeout);
    }
}
