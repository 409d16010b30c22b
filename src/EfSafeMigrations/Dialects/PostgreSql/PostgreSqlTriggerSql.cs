using EfSafeMigrations.Operations;
using static EfSafeMigrations.Dialects.PostgreSql.PostgreSqlText;

namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>The triggers that keep the old and the new app version's writes right during a group's window.</summary>
internal static class PostgreSqlTriggerSql
{
    public static string FillName(string table, string column) => ObjectName("esm_fill", table, column);

    public static string SyncName(string table, string oldColumn, string newColumn) => ObjectName("esm_sync", table, oldColumn, newColumn);

    public static string AddFill(AddFillTriggerOperation operation)
    {
        BackfillSql.ThrowIfPlaceholder(operation.ValueSql, operation.Table, operation.Column);
        var column = "NEW." + Quote(operation.Column);
        var compute = $"{column} := (SELECT {operation.ValueSql} FROM (SELECT NEW.*) AS {Quote(operation.Table)});";
        var body = operation.RecomputeOnUpdate
            ? $"""
                    IF TG_OP = 'INSERT' THEN
                        IF {column} IS NULL THEN
                            {compute}
                        END IF;
                    ELSIF {column} IS NULL OR {column} IS NOT DISTINCT FROM OLD.{Quote(operation.Column)} THEN
                        {compute}
                    END IF;
                """
            : $"""
                    IF {column} IS NULL THEN
                        {compute}
                    END IF;
                """;
        return Function(operation.Table, operation.Schema, FillName(operation.Table, operation.Column), body);
    }

    public static string AddSync(AddRenameSyncTriggerOperation operation)
    {
        var (oldColumn, newColumn) = (Quote(operation.OldColumn), Quote(operation.NewColumn));
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
        return Function(operation.Table, operation.Schema, SyncName(operation.Table, operation.OldColumn, operation.NewColumn), body);
    }

    public static string Drop(string table, string? schema, string name)
        => $"""
            DROP TRIGGER IF EXISTS {Quote(name)} ON {Table(table, schema)};
            DROP FUNCTION IF EXISTS {Table(name, schema)}();
            """;

    private static string Function(string table, string? schema, string name, string body)
        => $"""
            CREATE OR REPLACE FUNCTION {Table(name, schema)}() RETURNS trigger LANGUAGE plpgsql AS $esm$
            BEGIN
            {body.TrimEnd()}
                RETURN NEW;
            END
            $esm$;
            DROP TRIGGER IF EXISTS {Quote(name)} ON {Table(table, schema)};
            CREATE TRIGGER {Quote(name)} BEFORE INSERT OR UPDATE ON {Table(table, schema)} FOR EACH ROW EXECUTE FUNCTION {Table(name, schema)}();
            """;
}
