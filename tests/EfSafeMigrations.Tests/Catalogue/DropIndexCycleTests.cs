using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>Drop index: kept while the old version may rely on it, dropped CONCURRENTLY in Contract.</summary>
public sealed class DropIndexCycleTests
{
    [Fact]
    public async Task Index_stays_until_contract_drops_it()
    {
        await using var cycle = await MigrationCycle.StartAsync("drop_index", OldModel, NewModel, SeedAsync);
        Assert.Empty(cycle.Plan.Up(MigrationPhase.Expand));

        await cycle.ApplyAsync(MigrationPhase.Expand);
        await OldWorksAsync(cycle.Old, "expanded");
        await cycle.RollBackAsync(MigrationPhase.Expand);
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);
        Assert.True(await cycle.Staged.IndexIsValidAsync("IX_Customers_Name"));

        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = "Old" });
        Assert.Equal("Old", (await cycle.New.FindAsync<Customer>(fromOld.Id)).Name);
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = "New" });
        Assert.Equal("New", (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Name);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.Name = "New, renamed by old");
        Assert.Equal("New, renamed by old", (await cycle.New.FindAsync<Customer>(fromNew.Id)).Name);
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => c.Name = "Old, renamed by new");
        Assert.Equal("Old, renamed by new", (await cycle.Old.FindAsync<Customer>(fromOld.Id)).Name);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        Assert.Null(await cycle.Staged.IndexIsValidAsync("IX_Customers_Name"));
        var after = await cycle.New.InsertAsync(new Customer { Name = "After" });
        await cycle.New.UpdateAsync<Customer>(after.Id, c => c.Name = "After, updated");
        Assert.Equal("After, updated", (await cycle.New.FindAsync<Customer>(after.Id)).Name);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static void OldModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            e.HasIndex(c => c.Name);
        });

    private static void NewModel(ModelBuilder model) => model.Entity<Customer>().ToTable("Customers");

    private static async Task SeedAsync(AppVersion old)
    {
        await old.InsertAsync(new Customer { Name = "Ada" });
        await old.InsertAsync(new Customer { Name = "Grace" });
    }

    private static async Task OldWorksAsync(AppVersion old, string marker)
    {
        var inserted = await old.InsertAsync(new Customer { Name = marker });
        await old.UpdateAsync<Customer>(inserted.Id, c => c.Name = marker + " updated");
        Assert.Equal(marker + " updated", (await old.FindAsync<Customer>(inserted.Id)).Name);
        Assert.Equal("Ada", (await old.FindAsync<Customer>(1)).Name);
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;
    }
}
