using EfSafeMigrations.Operations;
using static EfSafeMigrations.Dialects.PostgreSql.PostgreSqlText;

namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>The triggers that keep the old and the new app version's writes right during a group's window.</summary>
internal static class PostgreSqlTriggerSql
{
    public static string FillName(string table, string column) => ObjectName("esm_fill", table, column);

    /// <summary>The fill's UPDATE trigger, where it recomputes on update (its INSERT trigger has <see cref="FillName"/>, as the function has).</summary>
    public static string FillUpdateName(string table, string column) => ObjectName("esm_fill", table, column, "upd");

    public static string SyncName(string table, string oldColumn, string newColumn) => ObjectName("esm_sync", table, oldColumn, newColumn);

    // The conditions are the triggers' WHEN clauses, not tests in the function: PostgreSQL evaluates a WHEN clause without
    // calling the function, so a row that carries its value (each row a backfill batch fills, a row the new version
    // writes) costs no call.
    public static string AddFill(AddFillTriggerOperation operation)
    {
        BackfillSql.ThrowIfPlaceholder(operation.ValueSql, operation.Table, operation.Column);
        var (table, name) = (Table(operation.Table, operation.Schema), FillName(operation.Table, operation.Column));
        var column = Quote(operation.Column);
        var function = Function(
            operation.Schema, name, $"    NEW.{column} := (SELECT {operation.ValueSql} FROM (SELECT NEW.*) AS {Quote(operation.Table)});");
        if (!operation.RecomputeOnUpdate)
        {
            return (function + Trigger(table, operation.Schema, name, name, "INSERT OR UPDATE", $"NEW.{column} IS NULL")).TrimEnd();
        }

        return (function
            + Trigger(table, operation.Schema, name, name, "INSERT", $"NEW.{column} IS NULL")
            + Trigger(table, operation.Schema, FillUpdateName(operation.Table, operation.Column), name, "UPDATE", $"NEW.{column} IS NULL OR NEW.{column} IS NOT DISTINCT FROM OLD.{column}"))
            .TrimEnd();
    }

    public static string AddSync(AddRenameSyncTriggerOperation operation)
    {
        var (oldColumn, newColumn) = (Quote(operation.OldColumn), Quote(operation.NewColumn));
        var name = SyncName(operation.Table, operation.OldColumn, operation.NewColumn);
        var body = $"""
                IF TG_OP = 'INSERT' THEN
                    IF NEW.{newColumn} IS NULL THEN
                        NEW.{newColumn} := NEW.{oldColumn};
                    ELSE
                        NEW.{oldColumn} := NEW.{newColumn};
                    END IF;
                ELSIF NEW.{newColumn} IS DISTINCT FROM OLD.{newColumn} THEN
                    NEW.{oldColumn} := NEW.{newColumn};
                ELSIF NEW.{oldColumn} IS DISTINCT FROM OLD.{oldColumn} THEN
                    NEW.{newColumn} := NEW.{oldColumn};
                END IF;
            """;
        return (Function(operation.Schema, name, body) + Trigger(Table(operation.Table, operation.Schema), operation.Schema, name, name, "INSERT OR UPDATE", null)).TrimEnd();
    }

    /// <summary>Drops a fill's triggers (both, where it recomputes on update; an older release's single one too) and its function.</summary>
    public static string DropFill(string table, string? schema, string column)
        => $"""
            DROP TRIGGER IF EXISTS {Quote(FillName(table, column))} ON {Table(table, schema)};
            DROP TRIGGER IF EXISTS {Quote(FillUpdateName(table, column))} ON {Table(table, schema)};
            DROP FUNCTION IF EXISTS {Table(FillName(table, column), schema)}();
            """;

    public static string Drop(string table, string? schema, string name)
        => $"""
            DROP TRIGGER IF EXISTS {Quote(name)} ON {Table(table, schema)};
            DROP FUNCTION IF EXISTS {Table(name, schema)}();
            """;

    private static string Function(string? schema, string name, string body)
        => $"""
            CREATE OR REPLACE FUNCTION {Table(name, schema)}() RETURNS trigger LANGUAGE plpgsql AS $esm$
            BEGIN
            {body.TrimEnd()}
                RETURN NEW;
            END
            $esm$;

            """;

    private static string Trigger(string table, string? schema, string name, string function, string events, string? when)
        => $"""
            DROP TRIGGER IF EXISTS {Quote(name)} ON {table};
            CREATE TRIGGER {Quote(name)} BEFORE {events} ON {table} FOR EACH ROW {(when == null ? string.Empty : $"WHEN ({when}) ")}EXECUTE FUNCTION {Table(function, schema)}();

            """;
}
