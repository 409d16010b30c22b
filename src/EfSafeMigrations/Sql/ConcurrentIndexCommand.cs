using System.Data.Common;
using EfSafeMigrations.Dialects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace EfSafeMigrations.Sql;

/// <summary>
/// Builds an index without blocking writes. A valid index of that name means it is already built; an
/// invalid one, left by a build that failed or was killed, is dropped and built again.
/// </summary>
public sealed class ConcurrentIndexCommand(
    ConcurrentIndexStep step, DatabaseDialect dialect, TimeSpan lockTimeout, IRawSqlCommandBuilder commandBuilder, DbContext? context, IRelationalCommandDiagnosticsLogger logger)
    : OnlineMigrationCommand(NonTransactionalDdlCommand.Script(step.Sql, dialect, lockTimeout), commandBuilder, context, logger)
{
    /// <summary>The index build.</summary>
    public ConcurrentIndexStep Step => step;

    /// <inheritdoc />
    protected override Task<int> ExecuteAsync(DbConnection connection, CancellationToken cancellationToken)
        => ConcurrentIndexBuild.RunAsync(connection, dialect, step, lockTimeout, cancellationToken);
}
