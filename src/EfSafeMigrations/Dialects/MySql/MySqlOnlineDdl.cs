using EfSafeMigrations.Operations;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using static EfSafeMigrations.Dialects.MySql.MySqlText;

namespace EfSafeMigrations.Dialects.MySql;

/// <summary>
/// The online, re-runnable form of EF Core's operations on MySQL and MariaDB. DDL commits implicitly there, so
/// every step asks the catalogue whether its change is already made and skips it then; every ALTER of an existing
/// table asks the server for <c>ALGORITHM=INSTANT</c>, then <c>ALGORITHM=INPLACE, LOCK=NONE</c>, and is refused
/// when the server could only copy the table (which blocks writes for the whole copy), unless the developer assured the change.
/// </summary>
internal static class MySqlOnlineDdl
{
    private const string Instant = "ALGORITHM=INSTANT";
    private const string InPlace = "ALGORITHM=INPLACE, LOCK=NONE";
    private const string Copy = "ALGORITHM=COPY";

    /// <summary>On a <see cref="RenameTableOperation"/>: a view of the new name stands over the table and goes with the rename.</summary>
    public const string ReplacesViewAnnotation = "EfSafeMigrations:ReplacesView";

    public static IReadOnlyList<MigrationStep>? Rewrite(MigrationOperation operation, string providerSql, bool tableIsNew)
    {
        if (operation is RenameTableOperation { NewName: { } newName } rename && rename[ReplacesViewAnnotation] is true)
        {
            var aside = Table(ObjectName("esm_view", newName), rename.Schema);
            return
            [
                Guarded(
                    $"RENAME TABLE {Table(newName, rename.Schema)} TO {aside}, {Table(rename.Name, rename.Schema)} TO {Table(newName, rename.Schema)};",
                    Not(TableExists(rename.Name, rename.Schema))),
                new DdlStep($"DROP VIEW IF EXISTS {aside};", Transactional: false),
            ];
        }

        if (operation is InsertDataOperation insert)
        {
            return [new DdlStep(SkipExistingRows(providerSql, insert.Columns[0]), Transactional: false)];
        }

        if (!tableIsNew && operation is AddPrimaryKeyOperation or DropPrimaryKeyOperation)
        {
            throw new RunnerRefusal(ExitCodes.Refused, PrimaryKeyRefusal(((ITableMigrationOperation)operation).Table));
        }

        if (DoneWhen(operation) is not { } doneWhen)
        {
            return null;
        }

        if (tableIsNew || operation is CreateTableOperation or DropTableOperation or RenameTableOperation)
        {
            return [Guarded(providerSql, doneWhen)];
        }

        return operation switch
        {
            // An index build works for a while between its two short exclusive locks; the last one may wait a second
            // (the server's smallest wait) rather than throw the build away whenever a transaction is open on the table.
            CreateIndexOperation index => [Online(
                doneWhen, Describe(index.Table, $"create index {index.Name}"), "SET SESSION lock_wait_timeout = 1;\n" + Statement(providerSql) + " ALGORITHM=INPLACE LOCK=NONE;")],
            AddForeignKeyOperation key => ForeignKey(key, providerSql, doneWhen),
            AddCheckConstraintOperation check => [Online(
                doneWhen,
                $"MySQL and MariaDB add a CHECK constraint to an existing table only by copying {check.Table}, which blocks writes for the whole copy. "
                    + "Check the rule in the app instead, or add the constraint in a maintenance window with plain EF Core.",
                WithAlgorithm(providerSql, Instant), WithAlgorithm(providerSql, InPlace))],
            _ => [Online(doneWhen, Describe(TableOf(operation), Name(operation)), WithAlgorithm(providerSql, Instant), WithAlgorithm(providerSql, InPlace))
                with { Assured = Assured(operation, providerSql) }],
        };
    }

    /// <summary>
    /// A change of a column's default alone is written here (<c>ALTER COLUMN ... SET DEFAULT</c>, metadata only), without
    /// the provider's <c>MODIFY</c>, which restates the whole column and which Oracle's provider cannot write for a column
    /// its model no longer has (a dropped or renamed column given a default before it goes).
    /// </summary>
    public static IReadOnlyList<MigrationStep>? GenerateOwn(MigrationOperation operation, bool tableIsNew)
        => operation is AlterColumnOperation alter && OnlyDefaultChanges(alter)
            ? [Online(DoneWhen(alter)!, Describe(alter.Table, $"change the default of {alter.Name}"), SetDefault(alter))]
            : null;

    /// <summary>The query that finds the operation's change already made; null for operations run as the provider writes them.</summary>
    private static string? DoneWhen(MigrationOperation operation) => operation switch
    {
        CreateTableOperation t => TableExists(t.Name, t.Schema),
        DropTableOperation t => Not(TableExists(t.Name, t.Schema)),
        RenameTableOperation t => Not(TableExists(t.Name, t.Schema)),
        AddColumnOperation c => ColumnExists(c.Table, c.Schema, c.Name),
        DropColumnOperation c => Not(ColumnExists(c.Table, c.Schema, c.Name)),
        RenameColumnOperation c => Not(ColumnExists(c.Table, c.Schema, c.Name)),
        AlterColumnOperation => "SELECT FALSE;",
        CreateIndexOperation i => IndexExists(i.Table!, i.Schema, i.Name),
        DropIndexOperation i => Not(IndexExists(i.Table!, i.Schema, i.Name)),
        RenameIndexOperation i => Not(IndexExists(i.Table!, i.Schema, i.Name)),
        AddForeignKeyOperation k => ConstraintExists(k.Table, k.Schema, k.Name),
        AddCheckConstraintOperation k => ConstraintExists(k.Table, k.Schema, k.Name),
        AddUniqueConstraintOperation k => ConstraintExists(k.Table, k.Schema, k.Name),
        DropForeignKeyOperation k => Not(ConstraintExists(k.Table, k.Schema, k.Name)),
        DropCheckConstraintOperation k => Not(ConstraintExists(k.Table, k.Schema, k.Name)),
        DropUniqueConstraintOperation k => Not(ConstraintExists(k.Table, k.Schema, k.Name)),
        _ => null,
    };

    /// <summary>
    /// A foreign key on an existing table. With <c>foreign_key_checks</c> on, the server copies the table to check
    /// its rows; off (for this one statement, in the runner's own session), it adds the key in place and checks
    /// every write from then on. The rows already there are then checked by query at once: a row the key would
    /// reject fails the phase, and its rollback drops the key.
    /// </summary>
    private static List<MigrationStep> ForeignKey(AddForeignKeyOperation key, string providerSql, string doneWhen)
    {
        var steps = new List<MigrationStep>
        {
            new OnlineAlterStep(
                ["SET SESSION foreign_key_checks = 0;\n" + WithAlgorithm(providerSql, InPlace)],
                doneWhen,
                Describe(key.Table, $"add foreign key {key.Name}"),
                "SET SESSION foreign_key_checks = DEFAULT;"),
        };
        if (key.PrincipalColumns is { Length: > 0 } principalColumns)
        {
            var join = string.Join(" AND ", key.Columns.Select((c, i) => $"p.{Quote(principalColumns[i])} = t.{Quote(c)}"));
            var present = string.Join(" AND ", key.Columns.Select(c => $"t.{Quote(c)} IS NOT NULL"));
            steps.Add(new CheckStep(
                $"SELECT COUNT(*) FROM {Table(key.Table, key.Schema)} t WHERE {present} AND NOT EXISTS (SELECT 1 FROM {Table(key.PrincipalTable, key.PrincipalSchema)} p WHERE {join});",
                $"{{0}} rows of {key.Table} have no matching {key.PrincipalTable} row, so foreign key {key.Name} does not hold for them "
                    + "(it was added without checking them, as MySQL cannot check them without copying the table). "
                    + "Fix or delete those rows, then run the phase again; or roll the phase back to drop the key."));
        }

        return steps;
    }

    /// <summary>
    /// Whether the column keeps its type, nullability and everything else, and only its default changes: then
    /// <c>ALTER COLUMN ... SET DEFAULT</c> changes the metadata alone, where the provider's <c>MODIFY</c> restates
    /// the whole column (and can differ from the existing one in ways that make the server copy the table).
    /// </summary>
    private static bool OnlyDefaultChanges(AlterColumnOperation alter)
    {
        var old = alter.OldColumn;
        return alter.ClrType == old.ClrType && alter.ColumnType == old.ColumnType && alter.IsNullable == old.IsNullable
            && alter.MaxLength == old.MaxLength && alter.IsUnicode == old.IsUnicode && alter.IsFixedLength == old.IsFixedLength
            && alter.Precision == old.Precision && alter.Scale == old.Scale && alter.Collation == old.Collation && alter.Comment == old.Comment
            && alter.ComputedColumnSql == old.ComputedColumnSql && alter.IsRowVersion == old.IsRowVersion
            && alter.DefaultValue is null or string or bool or int or long or short or byte or decimal or double or float
            && (!Equals(alter.DefaultValue, old.DefaultValue) || alter.DefaultValueSql != old.DefaultValueSql);
    }

    private static string SetDefault(AlterColumnOperation alter)
    {
        var column = $"ALTER TABLE {Table(alter.Table, alter.Schema)} ALTER COLUMN {Quote(alter.Name)}";
        return alter switch
        {
            { DefaultValueSql: { } sql } => $"{column} SET DEFAULT {sql}, ALGORITHM=INSTANT;",
            { DefaultValue: { } value } => $"{column} SET DEFAULT {MySqlText.Literal(value)}, ALGORITHM=INSTANT;",
            _ => $"{column} DROP DEFAULT, ALGORITHM=INSTANT;",
        };
    }

    private static string TableOf(MigrationOperation operation) => operation switch
    {
        ITableMigrationOperation table => table.Table,
        DropIndexOperation index => index.Table ?? index.Name,
        RenameIndexOperation index => index.Table ?? index.Name,
        _ => "the table",
    };

    /// <summary>
    /// A new or dropped primary key of an existing table: InnoDB stores the rows in the key's order, so the server rebuilds
    /// the table, and Pomelo writes the change with stored procedures (<c>CALL POMELO_BEFORE_DROP_PRIMARY_KEY</c>,
    /// <c>POMELO_AFTER_ADD_PRIMARY_KEY</c>) that only its own migrator creates; a key dropped from an AUTO_INCREMENT column
    /// first needs the column restated without it, which copies the table.
    /// </summary>
    public static string PrimaryKeyRefusal(string table)
        => $"Changing the primary key of {table} rebuilds the table on MySQL and MariaDB (InnoDB stores rows in key order; dropping the key of an AUTO_INCREMENT column copies it), "
            + "and Pomelo writes it with stored procedures only its own migrator creates, so EfSafeMigrations does not stage or run it. "
            + $"Recipe: create a new table with the new key, write both tables from the app (or copy the rows with a backfill), switch reads to the new table, then drop {table} in a later change; "
            + "or apply this change alone with plain EF Core (dotnet ef database update, without UseSafeMigrations) in a maintenance window.";

    /// <summary>
    /// For a change the developer assured (<c>.IsSafetyAssured("why")</c> on the property): the table copied with the
    /// least locking the server allows (the server's default lock for a copy: shared, so reads go on, where it can).
    /// </summary>
    private static AssuredCopy? Assured(MigrationOperation operation, string providerSql)
        => operation[SafeAnnotationNames.SafetyAssured] is string reason
            ? new AssuredCopy(
                $"{(operation is AlterColumnOperation alter ? $"changing {alter.Table}.{alter.Name}" : Name(operation))} copies table {TableOf(operation)}, as assured ({reason}): "
                    + $"writes to {TableOf(operation)} wait until the copy ends",
                [WithAlgorithm(providerSql, Copy)])
            : null;

    private static OnlineAlterStep Online(string doneWhen, string refusal, params string[] attempts) => new(attempts, doneWhen, refusal);

    private static OnlineAlterStep Guarded(string sql, string doneWhen) => new([sql], doneWhen, "The server refused the statement.");

    private static string Describe(string table, string change)
        => $"The server can only {change} on {table} by copying the table, which blocks writes for the whole copy. "
            + "Use the recipe: a new column or table written by both versions, backfilled, then switched to; or, if the table is small enough "
            + "to copy during the deploy, mark the property .IsSafetyAssured(\"<why>\") and scaffold again.";

    private static string Name(MigrationOperation operation)
        => operation.GetType().Name.Replace("Operation", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Every ALTER TABLE statement of <paramref name="sql"/> with the algorithm clause appended.</summary>
    private static string WithAlgorithm(string sql, string algorithm)
        => SqlStatements.AppendToEach(
            sql, statement => statement.StartsWith("ALTER TABLE", StringComparison.OrdinalIgnoreCase) ? ", " + algorithm : null);

    private static string Statement(string sql) => sql.Trim().TrimEnd(';').TrimEnd();

    /// <summary>EF Core's seed INSERT statements, made to skip the rows a first run already inserted.</summary>
    private static string SkipExistingRows(string insertSql, string firstColumn)
        => SqlStatements.AppendToEach(
            insertSql,
            statement => statement.StartsWith("INSERT ", StringComparison.OrdinalIgnoreCase) && !statement.Contains("ON DUPLICATE KEY", StringComparison.OrdinalIgnoreCase)
                ? $" ON DUPLICATE KEY UPDATE {Quote(firstColumn)} = {Quote(firstColumn)}"
                : null);
}
