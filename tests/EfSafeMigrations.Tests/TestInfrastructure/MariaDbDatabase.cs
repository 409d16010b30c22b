using MySqlConnector;

namespace EfSafeMigrations.Tests.TestInfrastructure;

/// <summary>
/// A fresh, uniquely named database on the test MariaDB server (<see cref="TestServers.MariaDbConnectionString"/>),
/// dropped on dispose even if connections to it are still open (they are killed first).
/// </summary>
public sealed class MariaDbDatabase : IAsyncDisposable
{
    private readonly string adminConnectionString;
    private int disposed;

    private MariaDbDatabase(string name, string connectionString, string adminConnectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        this.adminConnectionString = adminConnectionString;
    }

    /// <summary>The database's name, <c>t_&lt;prefix&gt;_&lt;8 hex&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>MySqlConnector connection string for the database (the server's <c>app</c> login).</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the database (utf8mb4), connecting through the database of the base connection string.</summary>
    public static async Task<MariaDbDatabase> CreateAsync(string? namePrefix = null)
    {
        var admin = new MySqlConnectionStringBuilder(TestServers.MariaDbConnectionString);
        var name = TestDatabaseNames.Create(namePrefix);

        await using (var connection = new MySqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new MySqlCommand(
                $"CREATE DATABASE {QuoteIdentifier(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var builder = new MySqlConnectionStringBuilder(admin.ConnectionString) { Database = name };
        return new MariaDbDatabase(name, builder.ConnectionString, admin.ConnectionString);
    }

    /// <summary>Runs <paramref name="sql"/> on the database and returns the first column of the first row.</summary>
    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new MySqlCommand(sql, connection);
        return ScalarConversion.To<T>(await command.ExecuteScalarAsync().ConfigureAwait(false));
    }

    /// <summary>Runs <paramref name="sql"/> (one or more statements) on the database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the sessions using the database, then drops it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await using (var pooled = new MySqlConnection(ConnectionString))
        {
            MySqlConnection.ClearPool(pooled);
        }

        await using var connection = new MySqlConnection(adminConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);

        // MariaDB has no DROP DATABASE ... WITH (FORCE): a session with an open transaction on a table would block the drop.
        var sessions = new List<long>();
        await using (var list = new MySqlCommand(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = @name AND ID <> CONNECTION_ID()", connection))
        {
            list.Parameters.AddWithValue("@name", Name);
            await using var reader = await list.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                sessions.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        foreach (var session in sessions)
        {
            await using var kill = new MySqlCommand($"KILL CONNECTION {session}", connection);
            try
            {
                await kill.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (MySqlException)
            {
                // The session ended by itself in the meantime (unknown thread id).
            }
        }

        await using var command = new MySqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(Name)}", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static string QuoteIdentifier(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
}
