using EfSafeMigrations.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Shop;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// A sample shop database with rows to backfill, and its twin: the same rows with every migration applied by EF Core's
/// own migrator in one go, with no fault. A database that went through faults must end equal to the twin, row for row.
/// </summary>
internal static class FaultTwin
{
    /// <summary>The Initial group's Expand: the tables the rows go into.</summary>
    public const string InitialExpand = "20261121074208_Initial_Expand";

    /// <summary>Creates the Initial tables with EF Core's migrator and writes <paramref name="customers"/> customers (every seventh without email) and their orders.</summary>
    public static async Task SeedAsync(PostgresDatabase database, int customers)
    {
        await MigrateAsync(database, InitialExpand);
        await database.ExecuteAsync(
            $"""
            INSERT INTO "Customers" ("Name", "Email", "Phone")
                SELECT 'customer ' || g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'c' || g || '@example.com' END, '555-' || g FROM generate_series(1, {customers}) g;
            INSERT INTO "Orders" ("CustomerId", "Total") SELECT "Id", ("Id" % 100) + 0.25 FROM "Customers" WHERE "Id" % 3 = 0;
            """);
    }

    /// <summary>The twin: seeded the same way, then every migration applied by EF Core's migrator.</summary>
    public static async Task<PostgresDatabase> CreateAsync(int customers)
    {
        var twin = await PostgresDatabase.CreateAsync("fault_twin");
        await SeedAsync(twin, customers);
        await MigrateAsync(twin, null);
        return twin;
    }

    /// <summary>The shop's columns and every row of its tables and of EF Core's history (ids only), in a comparable form.</summary>
    public static async Task<string> ContentAsync(PostgresDatabase database)
        => string.Join(
            "\n",
            await database.ScalarAsync<string>(
                """
                SELECT string_agg(table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable, ', ' ORDER BY table_name, column_name)
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name IN ('Customers', 'Orders')
                """),
            await database.ScalarAsync<string>("""SELECT md5(string_agg(to_jsonb(c)::text, '|' ORDER BY c."Id")) FROM "Customers" c"""),
            await database.ScalarAsync<string>("""SELECT md5(string_agg(to_jsonb(o)::text, '|' ORDER BY o."Id")) FROM "Orders" o"""),
            await database.ScalarAsync<string>("""SELECT string_agg("MigrationId", ',' ORDER BY "MigrationId") FROM "__EFMigrationsHistory" """));

    private static async Task MigrateAsync(PostgresDatabase database, string? target)
    {
        await using var context = new ShopContext(ShopContext.Options(database.ConnectionString));
        await context.GetService<IMigrator>().MigrateAsync(target);
    }
}
