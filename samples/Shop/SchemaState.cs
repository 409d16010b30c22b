using Npgsql;

namespace Shop;

/// <summary>What the shop's database looks like right now, read from PostgreSQL's catalog.</summary>
/// <param name="CustomerColumns">The columns of Customers, in table order.</param>
/// <param name="Indexes">The indexes of Customers and Orders other than primary keys, and whether each is valid (usable).</param>
/// <param name="ForeignKeys">The foreign keys of Orders, and whether each is validated (checked for every existing row).</param>
/// <param name="Triggers">The triggers on Customers.</param>
/// <param name="HelperFunctions">EfSafeMigrations' trigger functions (named esm_...).</param>
/// <param name="AppliedMigrations">The migrations in __EFMigrationsHistory, in order.</param>
public sealed record SchemaState(
    IReadOnlyList<string> CustomerColumns,
    IReadOnlyList<(string Name, bool Valid)> Indexes,
    IReadOnlyList<(string Name, bool Validated)> ForeignKeys,
    IReadOnlyList<string> Triggers,
    IReadOnlyList<string> HelperFunctions,
    IReadOnlyList<string> AppliedMigrations)
{
    /// <summary>Reads the state through <paramref name="connection"/>.</summary>
    public static async Task<SchemaState> ReadAsync(NpgsqlConnection connection)
    {
        var columns = await ListAsync<string>(
            connection,
            "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'Customers' ORDER BY ordinal_position");
        var indexes = await PairsAsync(
            connection,
            """
            SELECT c.relname::text, i.indisvalid FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relname IN ('Customers', 'Orders') AND NOT i.indisprimary ORDER BY 1
            """);
        var foreignKeys = await PairsAsync(
            connection,
            """SELECT conname::text, convalidated FROM pg_constraint WHERE contype = 'f' AND conrelid = '"Orders"'::regclass ORDER BY 1""");
        var triggers = await ListAsync<string>(
            connection, """SELECT tgname::text FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = '"Customers"'::regclass ORDER BY 1""");
        var functions = await ListAsync<string>(connection, @"SELECT proname::text FROM pg_proc WHERE proname LIKE 'esm\_%' ORDER BY 1");
        var history = await ListAsync<string>(
            connection,
            """SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY "MigrationId" """);
        return new SchemaState(columns, indexes, foreignKeys, triggers, functions, history);
    }

    private static async Task<List<T>> ListAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    private static async Task<List<(string, bool)>> PairsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<(string, bool)>();
        while (await reader.ReadAsync())
        {
            values.Add((reader.GetString(0), reader.GetBoolean(1)));
        }

        return values;
    }
}
