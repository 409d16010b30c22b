using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>
/// Add NOT NULL column filled from other columns (<c>HasBackfillSql</c>): added nullable with a trigger
/// computing it in Expand, so the old version's writes keep it right; existing rows computed in
/// Backfill; NOT NULL the safe way and the trigger dropped in Contract.
/// </summary>
public sealed class AddComputedColumnCycleTests
{
    private const string FullNameSql = "\"FirstName\" || ' ' || \"LastName\"";

    [Fact]
    public async Task Old_writes_in_the_window_get_the_computed_value_and_existing_rows_are_computed_by_backfill()
    {
        await using var cycle = await MigrationCycle.StartAsync("add_column_computed", OldModel, NewModel, SeedAsync);

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.False(await cycle.Staged.IsNotNullAsync("Customers", "FullName"));
        await OldWorksAsync(cycle.Old, "expanded");
        var fromOldInWindow = await cycle.Old.InsertAsync(new Customer { FirstName = "Window", LastName = "Shopper" });
        Assert.Equal("Window Shopper", await FullNameAsync(cycle, fromOldInWindow.Id));
        await cycle.Old.UpdateAsync<Customer>(fromOldInWindow.Id, c => c.LastName = "Cleaner");
        Assert.Equal("Window Cleaner", await FullNameAsync(cycle, fromOldInWindow.Id));

        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.False(await cycle.Staged.ColumnExistsAsync("Customers", "FullName"));
        Assert.Equal(string.Empty, await cycle.Staged.TriggersAsync("Customers"));
        Assert.Empty((await cycle.SchemaAsync()).OursLeftOver);
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);

        await cycle.ApplyAsync(MigrationPhase.Backfill);
        Assert.Equal(0, await cycle.Staged.CountAsync($"""SELECT count(*) FROM "Customers" WHERE "FullName" IS DISTINCT FROM {FullNameSql}"""));
        Assert.Equal("Ada Lovelace", (await cycle.New.FindAsync<Customer>(1)).FullName);

        var fromOld = await cycle.Old.InsertAsync(new Customer { FirstName = "Old", LastName = "Timer" });
        Assert.Equal("Old Timer", (await cycle.New.FindAsync<Customer>(fromOld.Id)).FullName);
        var fromNew = await cycle.New.InsertAsync(new Customer { FirstName = "New", LastName = "Comer", FullName = "New Comer" });
        Assert.Equal("Comer", (await cycle.Old.FindAsync<Customer>(fromNew.Id)).LastName);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.FirstName = "Brand-new");
        Assert.Equal("Brand-new Comer", (await cycle.New.FindAsync<Customer>(fromNew.Id)).FullName);
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => (c.FirstName, c.FullName) = ("Old-school", "Old-school Timer"));
        Assert.Equal("Old-school", (await cycle.Old.FindAsync<Customer>(fromOld.Id)).FirstName);
        Assert.Equal("Old-school Timer", (await cycle.New.FindAsync<Customer>(fromOld.Id)).FullName);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        Assert.True(await cycle.Staged.IsNotNullAsync("Customers", "FullName"));
        Assert.Equal(string.Empty, await cycle.Staged.TriggersAsync("Customers"));
        var after = await cycle.New.InsertAsync(new Customer { FirstName = "After", LastName = "Party", FullName = "After Party" });
        await cycle.New.UpdateAsync<Customer>(after.Id, c => c.FullName = "The After Party");
        Assert.Equal("The After Party", (await cycle.New.FindAsync<Customer>(after.Id)).FullName);

        // EF Core's plain migration cannot compute the value: it gives existing rows the CLR default ''.
        // The staged rows hold the computed value instead (checked above), so FullName's data is not compared.
        await cycle.AssertStagedEqualsPlainAsync("Customers.FullName");
    }

    private static async Task<string?> FullNameAsync(MigrationCycle cycle, int id)
        => await cycle.Staged.ScalarAsync<string>($"""SELECT "FullName" FROM "Customers" WHERE "Id" = {id}""");

    private static void OldModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            e.Ignore(c => c.FullName);
        });

    private static void NewModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            e.Property(c => c.FullName).IsRequired().HasBackfillSql(FullNameSql);
        });

    private static async Task SeedAsync(AppVersion old)
    {
        await old.InsertAsync(new Customer { FirstName = "Ada", LastName = "Lovelace" });
        await old.InsertAsync(new Customer { FirstName = "Grace", LastName = "Hopper" });
    }

    private static async Task OldWorksAsync(AppVersion old, string marker)
    {
        var inserted = await old.InsertAsync(new Customer { FirstName = marker, LastName = "Old" });
        await old.UpdateAsync<Customer>(inserted.Id, c => c.LastName = "Updated");
        Assert.Equal("Updated", (await old.FindAsync<Customer>(inserted.Id)).LastName);
        Assert.Equal("Lovelace", (await old.FindAsync<Customer>(1)).LastName);
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string FirstName { get; set; } = string.Empty;

        public string LastName { get; set; } = string.Empty;

        public string? FullName { get; set; }
    }
}
