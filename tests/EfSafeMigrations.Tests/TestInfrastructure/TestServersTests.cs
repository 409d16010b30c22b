using MySqlConnector;
using Npgsql;

namespace EfSafeMigrations.Tests.TestInfrastructure;

public sealed class TestServersTests
{
    [Fact]
    public async Task Postgres_database_lives_on_a_real_PostgreSQL_server_of_the_major_the_run_asked_for()
    {
        await using var database = await PostgresDatabase.CreateAsync("smoke");

        var version = await database.ScalarAsync<string>("SELECT version()");

        Assert.NotNull(version);
        Assert.StartsWith($"PostgreSQL {TestServers.PostgresMajor}.", version, StringComparison.Ordinal);
        Assert.Equal(database.Name, await database.ScalarAsync<string>("SELECT current_database()"));
        Assert.Matches("^t_smoke_[0-9a-f]{8}$", database.Name);
    }

    [Fact]
    public async Task MariaDb_database_lives_on_a_real_MariaDB_10_11_server()
    {
        await using var database = await MariaDbDatabase.CreateAsync("smoke");

        var version = await database.ScalarAsync<string>("SELECT VERSION()");

        Assert.NotNull(version);
        Assert.StartsWith("10.11", version, StringComparison.Ordinal);
        Assert.Contains("MariaDB", version, StringComparison.Ordinal);
        Assert.Equal(database.Name, await database.ScalarAsync<string>("SELECT DATABASE()"));
        Assert.Matches("^t_smoke_[0-9a-f]{8}$", database.Name);
    }

    [Fact]
    public async Task Fresh_postgres_databases_are_distinct_and_gone_after_dispose()
    {
        var first = await PostgresDatabase.CreateAsync("distinct");
        var second = await PostgresDatabase.CreateAsync("distinct");
        try
        {
            Assert.NotEqual(first.Name, second.Name);
            await first.ExecuteAsync("CREATE TABLE marker (id int PRIMARY KEY); INSERT INTO marker VALUES (1)");
            Assert.Equal(1L, await first.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'marker'"));
            Assert.Equal(0L, await second.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'marker'"));
            Assert.True(await PostgresDatabaseExistsAsync(first.Name));
            Assert.True(await PostgresDatabaseExistsAsync(second.Name));

            // A session still open at dispose must not stop the drop.
            await using var open = new NpgsqlConnection(first.ConnectionString);
            await open.OpenAsync();
            await first.DisposeAsync();
            await second.DisposeAsync();

            Assert.False(await PostgresDatabaseExistsAsync(first.Name));
            Assert.False(await PostgresDatabaseExistsAsync(second.Name));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task Fresh_mariadb_databases_are_distinct_and_gone_after_dispose()
    {
        var first = await MariaDbDatabase.CreateAsync("distinct");
        var second = await MariaDbDatabase.CreateAsync("distinct");
        try
        {
            Assert.NotEqual(first.Name, second.Name);
            await first.ExecuteAsync("CREATE TABLE marker (id int PRIMARY KEY); INSERT INTO marker VALUES (1)");
            Assert.Equal(1L, await first.ScalarAsync<long>("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'marker'"));
            Assert.Equal(0L, await second.ScalarAsync<long>("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'marker'"));
            Assert.True(await MariaDbDatabaseExistsAsync(first.Name));
            Assert.True(await MariaDbDatabaseExistsAsync(second.Name));

            // A session holding a lock on a table at dispose must not stop the drop: it gets killed.
            var open = new MySqlConnection(first.ConnectionString);
            await open.OpenAsync();
            var transaction = await open.BeginTransactionAsync();
            await using (var update = new MySqlCommand("UPDATE marker SET id = 2", open, transaction))
            {
                await update.ExecuteNonQueryAsync();
            }

            await first.DisposeAsync();
            await second.DisposeAsync();
            try
            {
                await open.DisposeAsync();
            }
            catch (MySqlException)
            {
                // A driver may roll the open transaction back on close, which fails on the killed session.
            }

            Assert.False(await MariaDbDatabaseExistsAsync(first.Name));
            Assert.False(await MariaDbDatabaseExistsAsync(second.Name));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    private static async Task<bool> PostgresDatabaseExistsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }

    private static async Task<bool> MariaDbDatabaseExistsAsync(string name)
    {
        await using var connection = new MySqlConnection(TestServers.MariaDbConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(
            "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = @name", connection);
        command.Parameters.AddWithValue("@name", name);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }
}
