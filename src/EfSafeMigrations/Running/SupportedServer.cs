using System.Data.Common;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Sql;

namespace EfSafeMigrations.Running;

/// <summary>
/// Opens the runner's connection and makes sure the server is one the dialect's DDL is for (a server that only speaks
/// its protocol, such as CockroachDB on Npgsql, is refused), before anything is read or written.
/// </summary>
internal static class SupportedServer
{
    /// <summary>Opens <paramref name="connection"/> if it is closed, then refuses (exit code 3) a server the dialect does not support.</summary>
    public static async Task OpenAsync(DbConnection connection, DatabaseDialect dialect, CancellationToken stop)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(stop).ConfigureAwait(false);
        }

        var version = await AdoCommands.ScalarAsync(connection, dialect.Runner.ServerVersion, stop).ConfigureAwait(false) as string ?? string.Empty;
        if (dialect.Runner.UnsupportedServer(version) is { } refusal)
        {
            throw new RunnerRefusal(ExitCodes.Refused, refusal);
        }
    }
}
