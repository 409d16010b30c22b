using Npgsql;

namespace EfSafeMigrations.Tests.TestInfrastructure;

/// <summary>
/// One checksum of everything a run could change in a PostgreSQL database: the catalogue (tables, columns, indexes,
/// constraints, triggers, functions, views) and every row of every table in it, which includes
/// <c>__EFMigrationsHistory</c> and the runner's own tables. Equal before and after means nothing was changed.
/// </summary>
public static class DatabaseChecksum
{
    private const string Catalogue =
        """
        SELECT 'column ' || table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
        UNION ALL SELECT 'index ' || schemaname || '.' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
        UNION ALL SELECT 'constraint ' || conrelid::regclass || '.' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated
            FROM pg_constraint WHERE connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
        UNION ALL SELECT 'trigger ' || tgrelid::regclass || '.' || tgname || ' ' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal
        UNION ALL SELECT 'function ' || pronamespace::regnamespace || '.' || proname || ' ' || md5(prosrc)
            FROM pg_proc WHERE pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
        UNION ALL SELECT 'view ' || schemaname || '.' || viewname || ' ' || md5(definition) FROM pg_views WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
        UNION ALL SELECT 'table ' || quote_ident(table_schema) || '.' || quote_ident(table_name)
            FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
        """;

    /// <summary>The checksum of the database <paramref name="connectionString"/> names, and what it covers (its tables) for messages.</summary>
    public static async Task<string> OfAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        var lines = await ReadAsync(connection, Catalogue).ConfigureAwait(false);
        foreach (var table in lines.Where(l => l.StartsWith("table ", StringComparison.Ordinal)).Select(l => l["table ".Length..]).ToList())
        {
            var rows = await ReadAsync(connection, $"SELECT to_jsonb(t)::text FROM {table} t").ConfigureAwait(false);
            lines.Add($"rows of {table}: " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes(string.Join("\n", rows.Order(StringComparer.Ordinal))))));
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }

    private static async Task<List<string>> ReadAsync(NpgsqlConnection connection, string sql)
    {
        var lines = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            lines.Add(reader.IsDBNull(0) ? string.Empty : reader.GetString(0));
        }

        return lines;
    }
}
