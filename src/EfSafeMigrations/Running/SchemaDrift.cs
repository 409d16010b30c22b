using System.Data.Common;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Planning;
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
    public static Task CheckAsync(
        DbConnection connection,
        IRunnerSql sql,
        MigrationPhase phase,
        IReadOnlyList<MigrationGroup> pending,
        IReadOnlyList<MigrationGroup> all,
        Func<PhaseMigration, IReadOnlyList<MigrationOperation>> operations,
        CancellationToken stop)
        => CheckAsync(
            connection,
            sql,
            phase,
            pending.Select(g => (g.Name, (IReadOnlyList<Made>)g.Migrations.Select(m => Describe(m, operations)).ToList())).ToList(),
            all.SelectMany(g => g.Migrations).Where(m => m.Applied).Select(m => Describe(m, operations)).ToList(),
            stop);

    /// <summary>The same check for a published plan, from what its manifest records (a plan written before it did is not checked).</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The database's runner SQL.</param>
    /// <param name="phase">The phase about to run.</param>
    /// <param name="pending">The plan's groups the phase runs for, each phase with whether it is applied.</param>
    /// <param name="applied">Every applied phase migration of the plan.</param>
    /// <param name="stop">Cancels the check.</param>
    public static Task CheckPlanAsync(
        DbConnection connection,
        IRunnerSql sql,
        MigrationPhase phase,
        IReadOnlyList<(string Group, IReadOnlyList<(PlanPhase Phase, bool Applied)> Phases)> pending,
        IReadOnlyList<PlanPhase> applied,
        CancellationToken stop)
        => CheckAsync(
            connection,
            sql,
            phase,
            pending.Select(g => (g.Group, (IReadOnlyList<Made>)g.Phases.Select(p => Describe(p.Phase, p.Applied)).ToList())).ToList(),
            applied.Select(p => Describe(p, true)).ToList(),
            stop);

    /// <summary>The tables and columns <paramref name="operations"/> create.</summary>
    public static IReadOnlyList<PlanObject> Creates(IEnumerable<MigrationOperation> operations)
        => operations.Select(operation => operation switch
        {
            CreateTableOperation table => new PlanObject(table.Schema, table.Name),
            AddColumnOperation column => new PlanObject(column.Schema, column.Table, column.Name),
            _ => null,
        }).OfType<PlanObject>().ToList();

    /// <summary>The tables and columns <paramref name="operations"/> drop or rename.</summary>
    public static IReadOnlyList<PlanObject> Removes(IEnumerable<MigrationOperation> operations)
        => operations.Select(operation => operation switch
        {
            DropTableOperation drop => new PlanObject(drop.Schema, drop.Name),
            RenameTableOperation rename => new PlanObject(rename.Schema, rename.Name),
            DropColumnOperation drop => new PlanObject(drop.Schema, drop.Table, drop.Name),
            RenameColumnOperation rename => new PlanObject(rename.Schema, rename.Table, rename.Name),
            _ => null,
        }).OfType<PlanObject>().ToList();

    private static Made Describe(PhaseMigration migration, Func<PhaseMigration, IReadOnlyList<MigrationOperation>> operations)
    {
        var up = operations(migration);
        return new Made(migration.Id, migration.Phase, migration.Applied, Creates(up), Removes(up));
    }

    private static Made Describe(PlanPhase phase, bool applied) => new(phase.MigrationId, phase.Phase, applied, phase.Creates ?? [], phase.Removes ?? []);

    private static async Task CheckAsync(
        DbConnection connection, IRunnerSql sql, MigrationPhase phase, IReadOnlyList<(string Group, IReadOnlyList<Made> Migrations)> pending, IReadOnlyList<Made> applied, CancellationToken stop)
    {
        var missing = new List<string>();
        foreach (var made in pending.SelectMany(g => g.Migrations).Where(m => m.Applied && m.Phase < phase))
        {
            var removedLater = applied.Where(m => string.CompareOrdinal(m.Id, made.Id) > 0).SelectMany(m => m.Removes).ToList();
            foreach (var created in made.Creates)
            {
                if (removedLater.Any(r => r.Schema == created.Schema && r.Table == created.Table && (r.Column == null || r.Column == created.Column)))
                {
                    continue;
                }

                var exists = created.Column == null
                    ? await ExistsAsync(connection, TableExists(sql), created.Schema, created.Table, null, stop).ConfigureAwait(false)
                    : await ExistsAsync(connection, ColumnExists(sql), created.Schema, created.Table, created.Column, stop).ConfigureAwait(false);
                if (!exists)
                {
                    missing.Add(created.Column == null ? $"table {created.Table} (created by {made.Id})" : $"column {created.Table}.{created.Column} (added by {made.Id})");
                }
            }
        }

        if (missing.Count > 0)
        {
            var groups = string.Join(", ", pending.Where(g => missing.Any(m => g.Migrations.Any(p => m.Contains(p.Id, StringComparison.Ordinal)))).Select(g => g.Group));
            throw new RunnerRefusal(ExitCodes.Refused,
                $"{phase} refused, nothing changed: the database lacks what an earlier phase made: {string.Join(", ", missing)}. "
                + $"It was changed outside the migrations. Either undo {groups} with `dotnet safe-migrate rollback` and apply it again from `phase expand`, "
                + "or restore what is missing as that migration made it, then run this phase again.");
        }
    }

    private static async Task<bool> ExistsAsync(DbConnection connection, string sql, string? schema, string table, string? column, CancellationToken stop)
        => Convert.ToInt64(
            await AdoCommands.ScalarAsync(connection, sql, stop, null, ("schema", schema), ("table", table), ("column", column)).ConfigureAwait(false),
            System.Globalization.CultureInfo.InvariantCulture) > 0;

    /// <summary>One phase migration as the check sees it.</summary>
    private sealed record Made(string Id, MigrationPhase Phase, bool Applied, IReadOnlyList<PlanObject> Creates, IReadOnlyList<PlanObject> Removes);
}
