using System.Data.Common;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Sql;

namespace EfSafeMigrations.Running;

/// <summary>
/// The runner's own record, beside EF Core's history: each migration's status and each backfill's
/// checkpoint and row count.
/// </summary>
/// <param name="connection">An open connection.</param>
/// <param name="sql">The dialect's runner SQL.</param>
internal sealed class RunnerStateStore(DbConnection connection, IRunnerSql sql)
{
    public const string MigrationStep = "migration";

    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
        => AdoCommands.ExecuteAsync(connection, sql.CreateStateTable, null, cancellationToken);

    public async Task<IReadOnlyDictionary<(string Migration, string Step), RunnerStateRow>> ReadAsync(CancellationToken cancellationToken)
        => (await AdoCommands.ReadIfExistsAsync(
                connection,
                sql.StateTableExists,
                sql.ReadState,
                r => new RunnerStateRow(
                    r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)),
                cancellationToken).ConfigureAwait(false))
            .ToDictionary(row => (row.Migration, row.Step));

    public Task WriteAsync(RunnerStateRow row, CancellationToken cancellationToken, DbTransaction? transaction = null)
        => AdoCommands.ExecuteAsync(
            connection,
            sql.WriteState,
            null,
            cancellationToken,
            transaction,
            ("migration", row.Migration),
            ("step", row.Step),
            ("status", row.Status),
            ("rows", row.RowsDone),
            ("checkpoint", row.Checkpoint),
            ("error", row.Error));

    public Task DeleteAsync(string migration, CancellationToken cancellationToken)
        => AdoCommands.ExecuteAsync(connection, sql.DeleteState, null, cancellationToken, null, ("migration", migration));
}
