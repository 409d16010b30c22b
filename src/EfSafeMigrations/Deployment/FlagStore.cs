using System.Data.Common;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Sql;

namespace EfSafeMigrations.Deployment;

/// <summary>The deployment flags table: written by the runner, read by apps and by flag gates.</summary>
/// <param name="connection">An open connection.</param>
/// <param name="sql">The dialect's deployment SQL.</param>
internal sealed class FlagStore(DbConnection connection, IDeploymentSql sql)
{
    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
        => AdoCommands.ExecuteAsync(connection, sql.CreateFlagsTable, null, cancellationToken);

    /// <summary>Every flag; none while the table does not exist yet.</summary>
    public async Task<IReadOnlyList<FlagRow>> ReadAsync(CancellationToken cancellationToken)
    {
        var flags = new List<FlagRow>();
        if (await AdoCommands.ScalarAsync(connection, sql.FlagsTableExists, cancellationToken).ConfigureAwait(false) is not true)
        {
            return flags;
        }

        await using var command = AdoCommands.Create(connection, sql.ReadFlags, null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            flags.Add(new FlagRow(reader.GetString(0), reader.GetBoolean(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return flags;
    }

    public Task WriteAsync(string name, bool enabled, string setBy, CancellationToken cancellationToken, DbTransaction? transaction = null)
        => AdoCommands.ExecuteAsync(connection, sql.WriteFlag, null, cancellationToken, transaction, ("name", name), ("enabled", enabled), ("set_by", setBy));
}
