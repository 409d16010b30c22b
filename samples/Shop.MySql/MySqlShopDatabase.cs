using System.Data.Common;
using MySqlConnector;

namespace Shop.MySql;

/// <summary>The shop on MySQL / MariaDB (Pomelo), with the migrations of this project.</summary>
public sealed class MySqlShopDatabase(string connectionString) : ShopDatabase(connectionString)
{
    /// <inheritdoc />
    public override string ServerName => "MariaDB";

    /// <inheritdoc />
    public override ShopContext CreateContext() => new MySqlShopContext(MySqlShopContext.Options(ConnectionString));

    /// <inheritdoc />
    public override async Task<DbConnection> OpenAsync()
    {
        var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <inheritdoc />
    public override string Sql(string sql) => sql.Replace('"', '`');

    /// <summary>
    /// Reads the state from <c>information_schema</c>. MySQL has no index that is not yet usable and no foreign key that
    /// is not yet checked (the runner counts a new key's orphans when it adds the key), so every index is valid and every
    /// foreign key validated.
    /// </summary>
    public override async Task<SchemaState> ReadSchemaAsync(DbConnection connection)
    {
        var columns = await ListAsync(
            connection,
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Customers' ORDER BY ORDINAL_POSITION");
        var indexes = await ListAsync(
            connection,
            "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('Customers', 'Orders') AND INDEX_NAME <> 'PRIMARY' ORDER BY 1");
        var foreignKeys = await ListAsync(
            connection,
            "SELECT CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'Orders' ORDER BY 1");
        var triggers = await ListAsync(
            connection,
            "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = 'Customers' ORDER BY 1");
        var routines = await ListAsync(
            connection,
            @"SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_NAME LIKE 'esm\_%' ORDER BY 1");
        var history = await ListAsync(connection, "SELECT `MigrationId` FROM `__EFMigrationsHistory` ORDER BY `MigrationId`");
        return new SchemaState(columns, [.. indexes.Select(i => (i, true))], [.. foreignKeys.Select(f => (f, true))], triggers, routines, history);
    }

    private static async Task<List<string>> ListAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
