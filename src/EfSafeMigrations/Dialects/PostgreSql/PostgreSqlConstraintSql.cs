using EfSafeMigrations.Operations;
using static EfSafeMigrations.Dialects.PostgreSql.PostgreSqlText;

namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>Constraints added without a scan under an exclusive lock: NOT VALID, VALIDATE, the safe NOT NULL.</summary>
internal static class PostgreSqlConstraintSql
{
    public static string Exists(string table, string? schema, string name)
        => $"EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = {RegClass(table, schema)} AND conname = {Literal(name)})";

    public static string Validate(string table, string? schema, string name)
        => $"ALTER TABLE {Table(table, schema)} VALIDATE CONSTRAINT {Quote(name)};";

    /// <summary>PostgreSQL 12+ skips SET NOT NULL's scan when a valid CHECK (c IS NOT NULL) proves it.</summary>
    public static IReadOnlyList<MigrationStep> SetNotNull(SetNotNullOperation operation)
    {
        var table = Table(operation.Table, operation.Schema);
        var check = Quote(ObjectName("esm_nn", operation.Table, operation.Column));
        var column = Quote(operation.Column);
        return
        [
            new DdlStep($"""
                ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {check};
                ALTER TABLE {table} ADD CONSTRAINT {check} CHECK ({column} IS NOT NULL) NOT VALID;
                """),
            new DdlStep($"ALTER TABLE {table} VALIDATE CONSTRAINT {check};", Transactional: false),
            new DdlStep($"""
                ALTER TABLE {table} ALTER COLUMN {column} SET NOT NULL;
                ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {check};
                """),
        ];
    }

    public static string Rename(RenameConstraintOperation operation)
        => Guarded(
            Exists(operation.Table, operation.Schema, operation.Name),
            $"ALTER TABLE {Table(operation.Table, operation.Schema)} RENAME CONSTRAINT {Quote(operation.Name)} TO {Quote(operation.NewName)};");

    /// <summary>The provider's <c>ADD CONSTRAINT</c> statement, made <c>NOT VALID</c> and idempotent.</summary>
    public static string AddNotValid(string table, string? schema, string name, string providerSql)
        => Guarded($"NOT {Exists(table, schema, name)}", providerSql.TrimEnd().TrimEnd(';') + " NOT VALID;");
}
