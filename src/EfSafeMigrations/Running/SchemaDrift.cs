using System.Data.Common;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Sql;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Running;

/// <summary>
/// Before a phase starts: the tables and columns that the group's earlier, applied phases created must still be there.
/// One dropped by hand would otherwise fail half way through the phase with the database's raw error; this refuses
/// first, naming what is missing and the way out.
/// </summary>
internal static class SchemaDrift
{
    // information_schema is the SQL standard's catalogue; the dialect's default schema is where EF Core puts a table without one.
    private static string TableExists(IRunnerSql sql) =>
        $"SELECT count(*) FROM information_schema.tables WHERE table_schema = COALESCE(@schema, {sql.DefaultSchema}) AND table_name = @table;";

    private static string ColumnExists(IRunnerSql sql) =>
        $"SELECT count(*) FROM information_schema.columns WHERE table_schema = COALESCE(@schema, {sql.DefaultSchema}) AND table_name = @table AND column_name = @column;";

    /// <summary>Throws a refusal (exit code 3) when an object an applied earlier phase of a <paramref name="pending"/> group made is missing.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The database's runner SQL.</param>
    /// <param name="phase">The phase about to run.</param>
    /// <param name="pending">The groups it runs for.</param>
    /// <param name="all">Every group, to know what later applied migrations removed on purpose.</param>
    /// <param name="operations">A migration's Up operations.</param>
    /// <param name="stop">Cancels the check.</param>
    public static async Task CheckAsync(
        DbConnection connection,
        IRunnerSql sql,
        MigrationPhase phase,
        IReadOnlyList<MigrationGroup> pending,
        IReadOnlyList<MigrationGroup> all,
        Func<PhaseMigration, IReadOnlyList<MigrationOperation>> operations,
        CancellationToken stop)
    {
        var applied = all.SelectMany(g => g.Migrations).Where(m => m.Applied).ToList();
        var missing = new List<string>();
        foreach (var made in pending.SelectMany(g => g.Migrations).Where(m => m.Applied && m.Phase < phase))
        {
            var removedLater = applied.Where(m => string.CompareOrdinal(m.Id, made.Id) > 0).SelectMany(operations).ToList();
            foreach (var operation in operations(made))
            {
                switch (operation)
                {
                    case CreateTableOperation table when !Removed(removedLater, table.Schema, table.Name, null)
                        && !await ExistsAsync(connection, TableExists(sql), table.Schema, table.Name, null, stop).ConfigureAwait(false):
                        missing.Add($"table {table.Name} (created by {made.Id})");
                        break;
                    case AddColumnOperation column when !Removed(removedLater, column.Schema, column.Table, column.Name)
                        && !await ExistsAsync(connection, ColumnExists(sql), column.Schema, column.Table, column.Name, stop).ConfigureAwait(false):
                        missing.Add($"column {column.Table}.{column.Name} (added by {made.Id})");
                        break;
                }
            }
        }

        if (missing.Count > 0)
        {
            var groups = string.Join(", ", pending.Where(g => missing.Any(m => g.Migrations.Any(p => m.Contains(p.Id, StringComparison.Ordinal)))).Select(g => g.Name));
            throw new RunnerRefusal(ExitCodes.Refused,
                $"{phase} refused, nothing changed: the database lacks what an earlier phase made: {string.Join(", ", missing)}. "
                + $"It was changed outside the migrations. Either undo {groups} with `dotnet safe-migrate rollback` and apply it again from `phase expand`, "
                + "or restore what is missing as that migration made it, then run this phase again.");
        }
    }

    private static bool Removed(IEnumerable<MigrationOperation> later, string? schema, string table, string? column)
        => later.Any(operation => operation switch
        {
            DropTableOperation drop => drop.Schema == schema && drop.Name == table,
            RenameTableOperation rename => rename.Schema == schema && rename.Name == table,
            DropColumnOperation drop => column != null && drop.Schema == schema && drop.Table == table && drop.Name == column,
            RenameColumnOperation rename => column != null && rename.Schema == schema && rename.Table == table && rename.Name == column,
            _ => false,
        });

    private static async Task<bool> ExistsAsync(DbConnection connection, string sql, string? schema, string table, string? column, CancellationToken stop)
        => Convert.ToInt64(
            await AdoCommands.ScalarAsync(connection, sql, stop, null, ("schema", schema), ("table", table), ("column", column)).ConfigureAwait(false),
            System.Globalization.CultureInfo.InvariantCulture) > 0;
}
