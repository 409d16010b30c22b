using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Catalogue.Harness;

/// <summary>What a user would look up in <c>pg_catalog</c> to check a migration step, on tables of the <c>public</c> schema.</summary>
public static class CatalogQueries
{
    /// <summary>Whether the table (not a view) exists.</summary>
    public static async Task<bool> TableExistsAsync(this PostgresDatabase database, string table)
        => await database.ScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = {Literal(table)})");

    /// <summary>Whether the view exists.</summary>
    public static async Task<bool> ViewExistsAsync(this PostgresDatabase database, string view)
        => await database.ScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM pg_views WHERE schemaname = 'public' AND viewname = {Literal(view)})");

    /// <summary>Whether the column exists.</summary>
    public static async Task<bool> ColumnExistsAsync(this PostgresDatabase database, string table, string column)
        => await database.ScalarAsync<long>($"SELECT count(*) FROM pg_attribute WHERE attrelid = {RegClass(table)} AND attname = {Literal(column)} AND NOT attisdropped") == 1;

    /// <summary>Whether the column is NOT NULL (failing when it does not exist).</summary>
    public static async Task<bool> IsNotNullAsync(this PostgresDatabase database, string table, string column)
        => await database.ScalarAsync<bool?>($"SELECT attnotnull FROM pg_attribute WHERE attrelid = {RegClass(table)} AND attname = {Literal(column)} AND NOT attisdropped")
            ?? throw new InvalidOperationException($"Column {table}.{column} does not exist.");

    /// <summary>The column's type as PostgreSQL prints it, for example <c>character varying(100)</c>.</summary>
    public static Task<string?> ColumnTypeAsync(this PostgresDatabase database, string table, string column)
        => database.ScalarAsync<string>($"SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = {RegClass(table)} AND attname = {Literal(column)} AND NOT attisdropped");

    /// <summary>The column's default expression, or null when it has none.</summary>
    public static Task<string?> ColumnDefaultAsync(this PostgresDatabase database, string table, string column)
        => database.ScalarAsync<string>($"""
            SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
            JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
            WHERE d.adrelid = {RegClass(table)} AND a.attname = {Literal(column)}
            """);

    /// <summary>The index's definition (<c>pg_get_indexdef</c>), or null when there is no such index.</summary>
    public static Task<string?> IndexDefinitionAsync(this PostgresDatabase database, string index)
        => database.ScalarAsync<string>($"SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indexrelid = {RegClass(index)}");

    /// <summary>Whether the index is valid (<c>pg_index.indisvalid</c>), or null when there is no such index.</summary>
    public static Task<bool?> IndexIsValidAsync(this PostgresDatabase database, string index)
        => database.ScalarAsync<bool?>($"SELECT indisvalid FROM pg_index WHERE indexrelid = {RegClass(index)}");

    /// <summary>Whether the constraint is validated (<c>pg_constraint.convalidated</c>), or null when there is no such constraint on the table.</summary>
    public static Task<bool?> ConstraintIsValidatedAsync(this PostgresDatabase database, string table, string constraint)
        => database.ScalarAsync<bool?>($"SELECT convalidated FROM pg_constraint WHERE conrelid = {RegClass(table)} AND conname = {Literal(constraint)}");

    /// <summary>The constraint's definition (<c>pg_get_constraintdef</c>), or null when there is no such constraint on the table.</summary>
    public static Task<string?> ConstraintDefinitionAsync(this PostgresDatabase database, string table, string constraint)
        => database.ScalarAsync<string>($"SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = {RegClass(table)} AND conname = {Literal(constraint)}");

    /// <summary>The names of the table's user triggers, comma separated and sorted ("" when none).</summary>
    public static async Task<string> TriggersAsync(this PostgresDatabase database, string table)
        => await database.ScalarAsync<string>($"SELECT coalesce(string_agg(tgname, ',' ORDER BY tgname), '') FROM pg_trigger WHERE tgrelid = {RegClass(table)} AND NOT tgisinternal") ?? string.Empty;

    /// <summary>The table's file node: it changes when a statement rewrites the table.</summary>
    public static async Task<long> FileNodeAsync(this PostgresDatabase database, string table)
        => await database.ScalarAsync<long>($"SELECT relfilenode FROM pg_class WHERE oid = {RegClass(table)}");

    /// <summary>Runs a count query.</summary>
    public static async Task<long> CountAsync(this PostgresDatabase database, string sql) => await database.ScalarAsync<long>(sql);

    private static string RegClass(string name) => $"to_regclass({Literal("\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")})";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
