using Npgsql;

namespace EfSafeMigrations.Tests.TestInfrastructure;

/// <summary>
/// A fresh, uniquely named database on the test PostgreSQL server (<see cref="TestServers.PostgresConnectionString"/>),
/// dropped on dispose even if connections to it are still open.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string adminConnectionString;
    private int disposed;

    private PostgresDatabase(string name, string connectionString, string adminConnectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        this.adminConnectionString = adminConnectionString;
    }

    /// <summary>The database's name, <c>t_&lt;prefix&gt;_&lt;8 hex&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>Connection string for the database (the server's <c>app</c> login, which owns it).</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the database, connecting through the database of the base connection string.</summary>
    public static async Task<PostgresDatabase> CreateAsync(string? namePrefix = null)
    {
        var admin = new NpgsqlConnectionStringBuilder(TestServers.PostgresConnectionString);
        var name = TestDatabaseNames.Create(namePrefix);

        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var builder = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name };
        return new PostgresDatabase(name, builder.ConnectionString, admin.ConnectionString);
    }

    /// <summary>Runs <paramref name="sql"/> on the database and returns the first column of the first row.</summary>
    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        return ScalarConversion.To<T>(await command.ExecuteScalarAsync().ConfigureAwait(false));
    }

    /// <summary>Runs <paramref name="sql"/> (one or more statements) on the database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Drops the database <c>WITH (FORCE)</c>, ending any sessions still connected to it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        // Idle pooled connections to the database would otherwise stay in the pool, broken once it is gone.
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(Name)} WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                return;
            }
            catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10)
            {
                // FORCE may not end an autovacuum worker (a superuser's process) busy in the database; it ends soon.
                await Task.Delay(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
