using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Shop;

namespace EfSafeMigrations.Faults;

/// <summary>
/// One database of the sample shop on the fault server: created with its Initial tables by EF Core's migrator and
/// <c>customers</c> rows (every seventh without email) and an order for every third customer; compared by content.
/// </summary>
internal sealed class ShopDatabase
{
    private const string InitialExpand = "20261121074208_Initial_Expand";
    private readonly string _admin;

    private ShopDatabase(string admin, string name)
    {
        _admin = new NpgsqlConnectionStringBuilder(admin) { Pooling = false }.ConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
    }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>Its connection string (no pooling: a restarted server leaves no dead connections behind).</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the database (dropping one of the same name) with the Initial tables and the rows.</summary>
    public static async Task<ShopDatabase> CreateAsync(string admin, string name, int customers)
    {
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE); CREATE DATABASE {name};", connection);
            await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var database = new ShopDatabase(admin, name);
        await database.MigrateAsync(InitialExpand).ConfigureAwait(false);
        await database.ExecuteAsync(
            $"""
            INSERT INTO "Customers" ("Name", "Email", "Phone")
                SELECT 'customer ' || g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'c' || g || '@example.com' END, '555-' || g FROM generate_series(1, {customers}) g;
            INSERT INTO "Orders" ("CustomerId", "Total") SELECT "Id", ("Id" % 100) + 0.25 FROM "Customers" WHERE "Id" % 3 = 0;
            """).ConfigureAwait(false);
        await database.ExecuteAsync("""VACUUM ANALYZE "Customers", "Orders";""").ConfigureAwait(false);
        return database;
    }

    /// <summary>Every migration applied by EF Core's own migrator, in one go (the twin).</summary>
    public Task MigrateAllAsync() => MigrateAsync(null);

    /// <summary>The columns of the shop's tables, a checksum of every row of each, and EF Core's history ids.</summary>
    public async Task<IReadOnlyList<(string What, string Value)>> ContentAsync()
        =>
        [
            ("columns", Hash(await ScalarAsync<string>(
                """
                SELECT string_agg(table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable, ', ' ORDER BY table_name, column_name)
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name IN ('Customers', 'Orders')
                """).ConfigureAwait(false))),
            ("Customers rows", await ScalarAsync<string>("""SELECT count(*) || ' rows, md5 ' || md5(string_agg(to_jsonb(c)::text, '|' ORDER BY c."Id")) FROM "Customers" c""").ConfigureAwait(false)),
            ("Orders rows", await ScalarAsync<string>("""SELECT count(*) || ' rows, md5 ' || md5(string_agg(to_jsonb(o)::text, '|' ORDER BY o."Id")) FROM "Orders" o""").ConfigureAwait(false)),
            ("indexes and constraints", Hash(await ScalarAsync<string>(
                """
                SELECT string_agg(x, ', ' ORDER BY x) FROM (
                    SELECT indexname || ' ' || indexdef AS x FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('Customers', 'Orders')
                    UNION ALL SELECT conname || ' ' || convalidated FROM pg_constraint WHERE conrelid IN ('"Customers"'::regclass, '"Orders"'::regclass)) s
                """).ConfigureAwait(false))),
            ("history", await ScalarAsync<string>("""SELECT string_agg("MigrationId", ',' ORDER BY "MigrationId") FROM "__EFMigrationsHistory" """).ConfigureAwait(false)),
        ];

    /// <summary>History rows that are there more than once.</summary>
    public Task<long> DuplicateHistoryRowsAsync()
        => ScalarAsync<long>("""SELECT count(*) - count(DISTINCT "MigrationId") FROM "__EFMigrationsHistory" """);

    /// <summary>The rows the unfinished backfill has checkpointed (0 before it started).</summary>
    public async Task<long> BackfilledRowsAsync()
        => await ScalarAsync<bool>("""SELECT to_regclass('"__EFSafeMigrations"') IS NOT NULL""").ConfigureAwait(false)
            ? await ScalarAsync<long?>("""SELECT max(rows_done) FROM "__EFSafeMigrations" WHERE step LIKE 'backfill%'""").ConfigureAwait(false) ?? 0
            : 0;

    /// <summary>The first column of the first row of <paramref name="sql"/>.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync().ConfigureAwait(false);
        return value is DBNull or null ? default! : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <paramref name="sql"/>.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Drops the database.</summary>
    public async Task DropAsync()
    {
        // An autovacuum worker (which the login may not end) can hold the database for a while after a restart.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_admin);
                await connection.OpenAsync().ConfigureAwait(false);
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
                return;
            }
            catch (PostgresException) when (attempt < 30)
            {
                await Task.Delay(1000).ConfigureAwait(false);
            }
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private async Task MigrateAsync(string? target)
    {
        await using var context = new ShopContext(ShopContext.Options(ConnectionString));
        await context.GetService<IMigrator>().MigrateAsync(target).ConfigureAwait(false);
    }
}
