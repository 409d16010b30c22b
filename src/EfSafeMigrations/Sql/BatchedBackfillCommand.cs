using System.Data.Common;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Operations;
using EfSafeMigrations.Running;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace EfSafeMigrations.Sql;

/// <summary>
/// A backfill run in keyset batches, each its own transaction, when a migration is applied (for
/// example by <c>dotnet ef database update</c>); a SQL script shows it as one statement.
/// </summary>
public sealed class BatchedBackfillCommand(
    BackfillOperation operation, IBackfillSql sql, int defaultBatchSize, IRawSqlCommandBuilder commandBuilder, DbContext? context, IRelationalCommandDiagnosticsLogger logger)
    : OnlineMigrationCommand(
        $"-- EfSafeMigrations: applied in batches of {operation.BatchSize ?? defaultBatchSize} rows along ({string.Join(", ", operation.KeyColumns)})\n"
        + sql.SingleStatement(operation) + "\n",
        commandBuilder,
        context,
        logger)
{
    /// <summary>What the backfill fills.</summary>
    public BackfillOperation Operation => operation;

    /// <summary>The rows per batch it starts with.</summary>
    public int BatchSize => operation.BatchSize ?? defaultBatchSize;

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var result = await new KeysetBackfill(sql)
            .RunAsync(connection, operation, new BackfillSettings(operation.BatchSize ?? defaultBatchSize), cancellationToken)
            .ConfigureAwait(false);
        return (int)Math.Min(int.MaxValue, result.RowsFilled);
    }
}
