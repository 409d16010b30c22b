using System.Collections.Concurrent;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Running.Fixtures;
using EfSafeMigrations.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Shop;

namespace EfSafeMigrations.Tests.Running;

/// <summary>
/// The deploy as it happens: old-version writers from before Expand until Contract starts, new-version
/// writers from the end of Backfill to the end, each reading rows the other wrote.
/// </summary>
public sealed class WritersUnderLoadTests
{
    [Fact]
    public async Task Old_and_new_versions_write_through_every_phase_with_no_failed_write_and_no_wrong_read()
    {
        await using var database = await PostgresDatabase.CreateAsync("load");
        var cs = database.ConnectionString;
        Func<ShopContext> shop = () => new ShopContext(ShopContext.Options(cs));
        Assert.Equal(0, (await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand, target: "Initial")).Result.ExitCode);
        await database.ExecuteAsync("""INSERT INTO "Customers" ("Name", "Email", "Phone") SELECT 'seed' || g, 'seed' || g || '@old', '555' FROM generate_series(1, 3000) g""");
        var expected = new ConcurrentDictionary<int, string>(Enumerable.Range(1, 3000).Select(i => KeyValuePair.Create(i, $"seed{i}@old")));

        var old = new AppWriters("old version", 3, expected,
            async n =>
            {
                await using var db = OldShopContext.Create(cs);
                var customer = new OldShopCustomer { Name = $"old{n}", Email = $"old{n}@first", Phone = "1" };
                db.Customers.Add(customer);
                await db.SaveChangesAsync();
                customer.Email = $"old{n}@final";
                await db.SaveChangesAsync();
                return (customer.Id, customer.Email);
            },
            async id =>
            {
                await using var db = OldShopContext.Create(cs);
                return (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id)).Email;
            });
        var @new = new AppWriters("new version", 3, expected,
            async n =>
            {
                await using var db = shop();
                var customer = new Customer { Name = $"new{n}", Email = $"new{n}@first", Tier = "gold" };
                db.Customers.Add(customer);
                await db.SaveChangesAsync();
                customer.Email = $"new{n}@final";
                await db.SaveChangesAsync();
                return (customer.Id, customer.Email!);
            },
            async id =>
            {
                await using var db = shop();
                return (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id)).Email;
            });

        // Each version's EF model and its relational model are built before its writers start: EF Core builds a runtime
        // model's relational model lazily, on first use, and not for several threads at once (seen on CI: "The model must
        // be finalized ... before 'GetRelationalModel' can be used" from a writer's first query).
        await using (var warm = OldShopContext.Create(cs))
        {
            _ = warm.Model.GetRelationalModel();
        }

        await using (var warm = shop())
        {
            _ = warm.Model.GetRelationalModel();
        }

        old.Start();
        await Task.Delay(500);
        var settings = new RunnerSettings { BatchSize = 200 };
        Assert.Equal(0, (await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand, settings: settings)).Result.ExitCode);
        Assert.Equal(0, (await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Backfill, settings: settings)).Result.ExitCode);
        @new.Start();
        await Task.Delay(1500);
        await old.StopAsync();
        Assert.Equal(0, (await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Contract, settings: settings)).Result.ExitCode);
        await Task.Delay(500);
        await @new.StopAsync();

        Assert.Empty(old.Failures.Concat(@new.Failures));
        Assert.True(old.Writes > 0 && @new.Writes > 0 && old.Reads > 0 && @new.Reads > 0, $"old {old.Writes} writes/{old.Reads} reads, new {@new.Writes}/{@new.Reads}");
        await using var check = shop();
        var actual = await check.Customers.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Email);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Empty(expected.Where(e => actual[e.Key] != e.Value).Select(e => $"customer {e.Key}: '{actual[e.Key]}' instead of '{e.Value}'"));
    }
}
