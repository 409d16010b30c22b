using System.Data.Common;

namespace Shop;

/// <summary>
/// The database the shop runs on, for the demo's commands (<see cref="ShopCommands"/>): how this release's context is made,
/// how a plain connection is opened for the SQL the previous release writes, and how the schema is read. PostgreSQL is
/// <see cref="PostgresShopDatabase"/>; the MySQL build of the shop (samples/Shop.MySql) brings its own.
/// </summary>
public abstract class ShopDatabase(string connectionString)
{
    /// <summary>The shop database's connection string.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>The server's name as the demo prints it.</summary>
    public abstract string ServerName { get; }

    /// <summary>A context of this release's model on the database, with staged migrations on.</summary>
    public abstract ShopContext CreateContext();

    /// <summary>An open plain connection to the database.</summary>
    public abstract Task<DbConnection> OpenAsync();

    /// <summary>
    /// <paramref name="sql"/>, written with PostgreSQL's double-quoted identifiers, in the server's own quoting (the demo's
    /// SQL quotes identifiers only; its strings are single-quoted).
    /// </summary>
    public abstract string Sql(string sql);

    /// <summary>What the database looks like right now, read from the server's catalog.</summary>
    public abstract Task<SchemaState> ReadSchemaAsync(DbConnection connection);
}
