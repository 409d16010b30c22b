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
    {
        var rows = new Dictionary<(string, string), RunnerStateRow>();
        if (await AdoCommands.ScalarAsync(connection, sql.StateTableExists, cancellationToken).ConfigureAwait(false) is not true)
        {
            return rows;
        }

        await using var command = AdoCommands.Create(connection, sql.ReadState, null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new RunnerStateRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5));
            rows[(row.Migration, row.Step)] = row;
        }

        return rows;
    }

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
