using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using static EfSafeMigrations.Dialects.PostgreSql.PostgreSqlText;

namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>
/// The online, re-runnable form of EF Core's own operations on an existing table: indexes built and
/// dropped concurrently, constraints added NOT VALID then validated, unique keys attached to a
/// concurrently built index, and every other change guarded so a re-run after a failure skips what
/// is already done.
/// </summary>
internal static class PostgreSqlOnlineDdl
{
    public const string CreatedConcurrentlyAnnotation = "Npgsql:CreatedConcurrently";

    public static IReadOnlyList<MigrationStep>? Rewrite(MigrationOperation operation, string providerSql, bool tableIsNew)
    {
        if (operation is InsertDataOperation)
        {
            return [new DdlStep(SkipExistingRows(providerSql))];
        }

        if (tableIsNew)
        {
            return Guard(operation, providerSql);
        }

        return operation switch
        {
            CreateIndexOperation index when index[CreatedConcurrentlyAnnotation] is true
                => [new ConcurrentIndexStep(AddIfNotExists(providerSql), index.Name, index.Schema)],
            DropIndexOperation index => [new DdlStep(DropIndexConcurrently(index.Name, index.Schema), Transactional: false)],
            AddForeignKeyOperation key => NotValid(key, key.Table, key.Schema, key.Name, providerSql),
            AddCheckConstraintOperation check => NotValid(check, check.Table, check.Schema, check.Name, providerSql),
            AddUniqueConstraintOperation unique => UsingIndex(unique.Table, unique.Schema, unique.Name, unique.Columns, "UNIQUE"),
            AddPrimaryKeyOperation key => UsingIndex(key.Table, key.Schema, key.Name, key.Columns, "PRIMARY KEY"),
            AlterColumnOperation alter when alter[SafeAnnotationNames.ValuesInUtc] is true => [new DdlStep(UnderUtc(providerSql))],
            AlterColumnOperation alter when alter.OldColumn.IsNullable && !alter.IsNullable => [new DdlStep(FillNullsOnlyIfNullable(alter, providerSql))],
            _ => Guard(operation, providerSql),
        };
    }

    /// <summary>
    /// The statements with the session TimeZone UTC for the rest of the transaction, then the zone it had: timestamp to
    /// timestamptz then reads the stored values as UTC and, on PostgreSQL 12+, leaves the rows untouched.
    /// </summary>
    public static string UnderUtc(string sql)
        => "SELECT set_config('efsafemigrations.time_zone', current_setting('TimeZone'), true), set_config('TimeZone', 'UTC', true);\n"
            + sql.TrimEnd() + "\n"
            + "SELECT set_config('TimeZone', current_setting('efsafemigrations.time_zone'), true);";

    /// <summary>
    /// The provider's AlterColumn to NOT NULL with its <c>UPDATE ... WHERE column IS NULL</c> skipped when the column
    /// already has a validated NOT NULL (after a staged SetNotNull): the UPDATE fills nothing then, yet it would scan the
    /// whole table under the exclusive lock the ALTER statements of its transaction hold, and every writer would wait.
    /// </summary>
    private static string FillNullsOnlyIfNullable(AlterColumnOperation alter, string providerSql)
        => SqlStatements.ReplaceEach(
            providerSql,
            statement => statement.StartsWith("UPDATE ", StringComparison.OrdinalIgnoreCase)
                ? Guarded($"NOT {PostgreSqlConstraintSql.ValidatedNotNull(alter.Table, alter.Schema, alter.Name)}", statement + ";").TrimEnd().TrimEnd(';')
                : null);

    public static string DropIndexConcurrently(string name, string? schema) => $"DROP INDEX CONCURRENTLY IF EXISTS {Table(name, schema)};";

    private static List<MigrationStep> NotValid(MigrationOperation operation, string table, string? schema, string name, string providerSql)
    {
        var steps = new List<MigrationStep> { new DdlStep(PostgreSqlConstraintSql.AddNotValid(table, schema, name, providerSql)) };
        if (operation[SafeAnnotationNames.NotValid] is not true)
        {
            steps.Add(new DdlStep(PostgreSqlConstraintSql.Validate(table, schema, name), Transactional: false));
        }

        return steps;
    }

    private static List<MigrationStep> UsingIndex(string table, string? schema, string name, string[] columns, string kind)
    {
        var columnList = string.Join(", ", columns.Select(Quote));
        return
        [
            new ConcurrentIndexStep(
                $"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {Quote(name)} ON {Table(table, schema)} ({columnList});", name, schema),
            new DdlStep(Guarded(
                $"NOT {PostgreSqlConstraintSql.Exists(table, schema, name)}",
                $"ALTER TABLE {Table(table, schema)} ADD CONSTRAINT {Quote(name)} {kind} USING INDEX {Quote(name)};")),
        ];
    }

    /// <summary>EF Core's seed INSERT statements with <c>ON CONFLICT DO NOTHING</c>, so a re-run skips the rows it already inserted.</summary>
    private static string SkipExistingRows(string insertSql)
        => SqlStatements.AppendToEach(
            insertSql,
            statement => statement.StartsWith("INSERT ", StringComparison.OrdinalIgnoreCase) && !statement.Contains("ON CONFLICT", StringComparison.OrdinalIgnoreCase)
                ? " ON CONFLICT DO NOTHING"
                : null);

    private static string AddIfNotExists(string createIndexSql)
        => createIndexSql.Contains("IF NOT EXISTS", StringComparison.Ordinal)
            ? createIndexSql
            : createIndexSql.Replace(" CONCURRENTLY ", " CONCURRENTLY IF NOT EXISTS ", StringComparison.Ordinal);

    private static List<MigrationStep>? Guard(MigrationOperation operation, string providerSql)
    {
        var condition = operation switch
        {
            CreateTableOperation t => $"{RegClass(t.Name, t.Schema)} IS NULL",
            DropTableOperation t => $"{RegClass(t.Name, t.Schema)} IS NOT NULL",
            RenameTableOperation t => $"{RegClass(t.Name, t.Schema)} IS NOT NULL",
            AddColumnOperation c => $"NOT {ColumnExists(c.Table, c.Schema, c.Name)}",
            DropColumnOperation c => ColumnExists(c.Table, c.Schema, c.Name),
            RenameColumnOperation c => ColumnExists(c.Table, c.Schema, c.Name),
            CreateIndexOperation i => $"{RegClass(i.Name, i.Schema)} IS NULL",
            RenameIndexOperation i => $"{RegClass(i.Name, i.Schema)} IS NOT NULL",
            AddForeignKeyOperation k => $"NOT {PostgreSqlConstraintSql.Exists(k.Table, k.Schema, k.Name)}",
            AddCheckConstraintOperation k => $"NOT {PostgreSqlConstraintSql.Exists(k.Table, k.Schema, k.Name)}",
            AddUniqueConstraintOperation k => $"NOT {PostgreSqlConstraintSql.Exists(k.Table, k.Schema, k.Name)}",
            AddPrimaryKeyOperation k => $"NOT {PostgreSqlConstraintSql.Exists(k.Table, k.Schema, k.Name)}",
            DropForeignKeyOperation k => PostgreSqlConstraintSql.Exists(k.Table, k.Schema, k.Name),
            DropCheckConstraintOperation k => PostgreSqlConstraintSql.Exists(k.Table, k.Schema, k.Name),
            DropUniqueConstraintOperation k => PostgreSqlConstraintSql.Exists(k.Table, k.Schema, k.Name),
            DropPrimaryKeyOperation k => PostgreSqlConstraintSql.Exists(k.Table, k.Schema, k.Name),
            _ => null,
        };
        return condition == null ? null : [new DdlStep(Guarded(condition, providerSql))];
    }

    private static string ColumnExists(string table, string? schema, string column)
        => $"EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = {RegClass(table, schema)} AND attname = {Literal(column)} AND NOT attisdropped)";
}
