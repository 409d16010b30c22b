using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace EfSafeMigrations.Sql;

/// <summary>
/// A migration command that runs outside any transaction and executes more than one statement
/// itself. Its <see cref="MigrationCommand.CommandText"/> is what SQL scripts show.
/// </summary>
/// <param name="scriptText">The SQL a script shows for the command.</param>
/// <param name="commandBuilder">Builds the script command.</param>
/// <param name="context">The context.</param>
/// <param name="logger">EF Core's command logger.</param>
public abstract class OnlineMigrationCommand(
    string scriptText, IRawSqlCommandBuilder commandBuilder, DbContext? context, IRelationalCommandDiagnosticsLogger logger)
    : MigrationCommand(commandBuilder.Build(scriptText), context, logger, transactionSuppressed: true)
{
    /// <inheritdoc />
    public override int ExecuteNonQuery(IRelationalConnection connection, IReadOnlyDictionary<string, object?>? parameterValues = null)
        => ExecuteAsync(connection.DbConnection, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    public override Task<int> ExecuteNonQueryAsync(
        IRelationalConnection connection,
        IReadOnlyDictionary<string, object?>? parameterValues = null,
        CancellationToken cancellationToken = default)
        => ExecuteAsync(connection.DbConnection, cancellationToken);

    /// <summary>Runs the command on the open connection.</summary>
    protected abstract Task<int> ExecuteAsync(DbConnection connection, CancellationToken cancellationToken);
}
