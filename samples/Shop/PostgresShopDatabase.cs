using System.Data.Common;
using Npgsql;

namespace Shop;

/// <summary>The shop on PostgreSQL (Npgsql), with the migrations of this project.</summary>
public sealed class PostgresShopDatabase(string connectionString) : ShopDatabase(connectionString)
{
    /// <inheritdoc />
    public override string ServerName => "PostgreSQL";

    /// <inheritdoc />
    public override ShopContext CreateContext() => new(ShopContext.Options(ConnectionString));

    /// <inheritdoc />
    public override async Task<DbConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <inheritdoc />
    public override string Sql(string sql) => sql;

    /// <inheritdoc />
    public override Task<SchemaState> ReadSchemaAsync(DbConnection connection) => SchemaState.ReadAsync((NpgsqlConnection)connection);
}
