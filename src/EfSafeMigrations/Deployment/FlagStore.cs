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
        => AdoCommands.CreateIfMissingAsync(connection, sql.FlagsTableExists, sql.CreateFlagsTable, cancellationToken);

    /// <summary>Every flag; none while the table does not exist yet.</summary>
    public Task<IReadOnlyList<FlagRow>> ReadAsync(CancellationToken cancellationToken)
        => AdoCommands.ReadIfExistsAsync(
            connection,
            sql.FlagsTableExists,
            sql.ReadFlags,
            r => new FlagRow(r.GetString(0), r.GetBoolean(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3)),
            cancellationToken);

    public Task WriteAsync(string name, bool enabled, string setBy, CancellationToken cancellationToken, DbTransaction? transaction = null)
        => AdoCommands.ExecuteAsync(connection, sql.WriteFlag, null, cancellationToken, transaction, ("name", name), ("enabled", enabled), ("set_by", setBy));
}
