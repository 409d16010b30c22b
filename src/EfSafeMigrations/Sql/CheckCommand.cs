using System.Data.Common;
using EfSafeMigrations.Dialects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace EfSafeMigrations.Sql;

/// <summary>A query that must find no offending rows (see <see cref="CheckStep"/>).</summary>
public sealed class CheckCommand(CheckStep step, IRawSqlCommandBuilder commandBuilder, DbContext? context, IRelationalCommandDiagnosticsLogger logger)
    : OnlineMigrationCommand($"-- must count no rows, else: {step.Failure}\n{step.Query.TrimEnd()}\n", commandBuilder, context, logger)
{
    /// <summary>The step.</summary>
    public CheckStep Step => step;

    /// <inheritdoc />
    protected override Task<int> ExecuteAsync(DbConnection connection, CancellationToken cancellationToken)
        => OnlineAlter.CheckAsync(connection, step, cancellationToken);
}
