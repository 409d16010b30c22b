using EfSafeMigrations.Operations;
using static EfSafeMigrations.Dialects.PostgreSql.PostgreSqlText;

namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>Constraints added without a scan under an exclusive lock: NOT VALID, VALIDATE, the safe NOT NULL.</summary>
internal static class PostgreSqlConstraintSql
{
    public static string Exists(string table, string? schema, string name)
        => $"EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = {RegClass(table, schema)} AND conname = {Literal(name)})";

    /// <summary>
    /// True when the column has a validated NOT NULL: on PostgreSQL 18 <c>attnotnull</c> is also set by a NOT NULL
    /// constraint added NOT VALID, which does not vouch for the rows already there.
    /// </summary>
    public static string ValidatedNotNull(string table, string? schema, string column)
        => $"EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = {RegClass(table, schema)} AND a.attname = {Literal(column)} AND a.attnotnull "
            + "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = a.attrelid AND c.contype = 'n' AND c.conkey[1] = a.attnum AND NOT c.convalidated))";

    public static string Validate(string table, string? schema, string name)
        => $"ALTER TABLE {Table(table, schema)} VALIDATE CONSTRAINT {Quote(name)};";

    /// <summary>
    /// NOT NULL without a scan under an exclusive lock, in the server's own best form, chosen when the step runs (a
    /// plan may be deployed to any major). PostgreSQL 18 adds the NOT NULL constraint itself NOT VALID (new rows are
    /// checked at once) and validates it under SHARE UPDATE EXCLUSIVE, which writers do not wait for; nothing is left
    /// to do under an exclusive lock. PostgreSQL 12 to 17 validate a CHECK (c IS NOT NULL) the same way, then SET NOT
    /// NULL trusts it and skips its scan, and the check goes.
    /// </summary>
    public static IReadOnlyList<MigrationStep> SetNotNull(SetNotNullOperation operation)
    {
        var table = Table(operation.Table, operation.Schema);
        var regClass = RegClass(operation.Table, operation.Schema);
        var check = Quote(ObjectName("esm_nn", operation.Table, operation.Column));
        var notNull = Quote(ObjectName(operation.Table, operation.Column, "not_null"));
        var column = Quote(operation.Column);
        var columnLiteral = Literal(operation.Column);
        return
        [
            new DdlStep($"""
                DO $esm$
                BEGIN
                    IF {Postgres18} THEN
                        IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = {regClass} AND attname = {columnLiteral} AND attnotnull) THEN
                            EXECUTE {Literal($"ALTER TABLE {table} ADD CONSTRAINT {notNull} NOT NULL {column} NOT VALID")};
                        END IF;
                    ELSE
                        ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {check};
                        ALTER TABLE {table} ADD CONSTRAINT {check} CHECK ({column} IS NOT NULL) NOT VALID;
                    END IF;
                END
                $esm$;
                """),
            new DdlStep($"""
                DO $esm$
                DECLARE
                    not_valid name;
                BEGIN
                    IF {Postgres18} THEN
                        SELECT c.conname INTO not_valid
                        FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                        WHERE c.conrelid = {regClass} AND c.contype = 'n' AND NOT c.convalidated AND a.attname = {columnLiteral};
                        IF not_valid IS NOT NULL THEN
                            EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', {Literal(table)}, not_valid);
                        END IF;
                    ELSE
                        ALTER TABLE {table} VALIDATE CONSTRAINT {check};
                    END IF;
                END
                $esm$;
                """, Transactional: false),
            new DdlStep($"""
                DO $esm$
                BEGIN
                    IF {Before18} THEN
                        ALTER TABLE {table} ALTER COLUMN {column} SET NOT NULL;
                        ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {check};
                    END IF;
                END
                $esm$;
                """),
        ];
    }

    private const string Postgres18 = "current_setting('server_version_num')::int >= 180000";

    private const string Before18 = "current_setting('server_version_num')::int < 180000";

    public static string Rename(RenameConstraintOperation operation)
        => Guarded(
            Exists(operation.Table, operation.Schema, operation.Name),
            $"ALTER TABLE {Table(operation.Table, operation.Schema)} RENAME CONSTRAINT {Quote(operation.Name)} TO {Quote(operation.NewName)};");

    /// <summary>The provider's <c>ADD CONSTRAINT</c> statement, made <c>NOT VALID</c> and idempotent.</summary>
    public static string AddNotValid(string table, string? schema, string name, string providerSql)
        => Guarded($"NOT {Exists(table, schema, name)}", providerSql.TrimEnd().TrimEnd(';') + " NOT VALID;");
}
