using System.Text.RegularExpressions;
using EfSafeMigrations.Operations;
using static EfSafeMigrations.Dialects.MySql.MySqlText;

namespace EfSafeMigrations.Dialects.MySql;

/// <summary>
/// The triggers that keep the old and the new app version's writes right during a group's window. MySQL triggers
/// are per event, so each is a BEFORE INSERT and a BEFORE UPDATE trigger; each is created only when missing.
/// </summary>
internal static partial class MySqlTriggerSql
{
    public static IReadOnlyList<string> FillNames(string table, string column) => Names("esm_fill", table, column);

    public static IReadOnlyList<string> SyncNames(string table, string oldColumn, string newColumn) => Names("esm_sync", table, oldColumn, newColumn);

    public static IReadOnlyList<MigrationStep> AddFill(AddFillTriggerOperation operation)
    {
        BackfillSql.ThrowIfPlaceholder(operation.ValueSql, operation.Table, operation.Column);
        var column = "NEW." + Quote(operation.Column);
        var compute = $"SET {column} = ({OnNewRow(operation.ValueSql)});";
        var names = FillNames(operation.Table, operation.Column);
        // The UPDATE trigger first: while only the INSERT one existed, a row inserted then would keep its computed value
        // through an update of its sources, and the backfill (which fills NULLs only) would never correct it. While only
        // the UPDATE one exists, a new row is left NULL, which the backfill fills.
        return
        [
            Create(
                operation.Table,
                operation.Schema,
                names[1],
                "UPDATE",
                operation.RecomputeOnUpdate
                    ? $"IF {column} IS NULL OR {column} <=> OLD.{Quote(operation.Column)} THEN {compute} END IF;"
                    : $"IF {column} IS NULL THEN {compute} END IF;"),
            Create(operation.Table, operation.Schema, names[0], "INSERT", $"IF {column} IS NULL THEN {compute} END IF;"),
        ];
    }

    public static IReadOnlyList<MigrationStep> AddSync(AddRenameSyncTriggerOperation operation)
    {
        var (oldColumn, newColumn) = (Quote(operation.OldColumn), Quote(operation.NewColumn));
        var names = SyncNames(operation.Table, operation.OldColumn, operation.NewColumn);
        // The UPDATE trigger first: while only the INSERT one existed, a row the old version inserted then and updated
        // would keep its first value in the new column (the backfill fills NULLs only): a lost write. While only the
        // UPDATE one exists, a new row's new column is left NULL, which the backfill fills.
        return
        [
            Create(
                operation.Table,
                operation.Schema,
                names[1],
                "UPDATE",
                $"IF NOT (NEW.{newColumn} <=> OLD.{newColumn}) THEN SET NEW.{oldColumn} = NEW.{newColumn}; "
                    + $"ELSEIF NOT (NEW.{oldColumn} <=> OLD.{oldColumn}) THEN SET NEW.{newColumn} = NEW.{oldColumn}; END IF;"),
            Create(
                operation.Table,
                operation.Schema,
                names[0],
                "INSERT",
                $"IF NEW.{newColumn} IS NULL THEN SET NEW.{newColumn} = NEW.{oldColumn}; ELSE SET NEW.{oldColumn} = NEW.{newColumn}; END IF;"),
        ];
    }

    public static IReadOnlyList<MigrationStep> Drop(string? schema, IReadOnlyList<string> names)
        => names.Select(name => (MigrationStep)new DdlStep($"DROP TRIGGER IF EXISTS {Table(name, schema)};", Transactional: false)).ToList();

    private static OnlineAlterStep Create(string table, string? schema, string name, string trigger, string body)
        => new(
            [$"""
            CREATE TRIGGER {Table(name, schema)} BEFORE {trigger} ON {Table(table, schema)} FOR EACH ROW
            BEGIN
                {body}
            END;
            """],
            $"SELECT EXISTS (SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = {SchemaOf(schema)} AND TRIGGER_NAME = {Literal(name)});",
            "The server refused the trigger.");

    private static string[] Names(string prefix, params string[] parts)
    {
        var name = ObjectName(prefix, parts);
        return [ObjectName(name, "ins"), ObjectName(name, "upd")];
    }

    /// <summary>
    /// The expression with its column references (backquoted names not after a dot) read from the row being written:
    /// a trigger sees the row only as NEW.
    /// </summary>
    private static string OnNewRow(string valueSql) => ColumnReference().Replace(valueSql, m => "NEW." + m.Value);

    [GeneratedRegex(@"(?<![\.\w])`(?:[^`]|``)+`(?!\s*\.)")]
    private static partial Regex ColumnReference();
}
