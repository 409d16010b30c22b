using System.Data.Common;
using EfSafeMigrations.Dialects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace EfSafeMigrations.Sql;

/// <summary>A DDL statement run outside a transaction with the session's lock timeout set around it.</summary>
public sealed class NonTransactionalDdlCommand(
    string sql, DatabaseDialect dialect, TimeSpan lockTimeout, IRawSqlCommandBuilder commandBuilder, DbContext? context, IRelationalCommandDiagnosticsLogger logger)
    : OnlineMigrationCommand(Script(sql, dialect, lockTimeout), commandBuilder, context, logger)
{
    /// <summary>The DDL statement.</summary>
    public string Sql => sql;

    // No statement timeout: a long VALIDATE scan is fine, it blocks nobody; only the lock wait is bounded.

    /// <inheritdoc />
    protected override Task<int> ExecuteAsync(DbConnection connection, CancellationToken cancellationToken)
        => SessionLockTimeout.RunAsync(connection, dialect, lockTimeout, () => AdoCommands.ExecuteAsync(connection, sql, 0, cancellationToken), cancellationToken);

    internal static string Script(string sql, DatabaseDialect dialect, TimeSpan lockTimeout)
        => dialect.LockTimeoutForSession(lockTimeout) + "\n" + sql.TrimEnd() + "\n" + dialect.ResetLockTimeout + "\n";
}
