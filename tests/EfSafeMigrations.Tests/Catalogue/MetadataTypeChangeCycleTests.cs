using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>Change column type, metadata only (varchar(50) to varchar(100)): altered in place in Expand, without a rewrite.</summary>
public sealed class MetadataTypeChangeCycleTests
{
    [Fact]
    public async Task Varchar_is_widened_in_place_without_rewriting_the_table()
    {
        await using var cycle = await MigrationCycle.StartAsync("type_change_metadata", OldModel, NewModel, SeedAsync);
        var fileNode = await cycle.Staged.FileNodeAsync("Customers");

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.Equal("character varying(100)", await cycle.Staged.ColumnTypeAsync("Customers", "Name"));
        Assert.Equal(fileNode, await cycle.Staged.FileNodeAsync("Customers"));
        await OldWorksAsync(cycle.Old, "expanded");

        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.Equal("character varying(50)", await cycle.Staged.ColumnTypeAsync("Customers", "Name"));
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);

        var longName = new string('n', 100);
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = longName });
        Assert.Equal(longName, (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Name);
        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = new string('o', 50) });
        Assert.Equal(new string('o', 50), (await cycle.New.FindAsync<Customer>(fromOld.Id)).Name);
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => c.Name = new string('x', 99));
        Assert.Equal(new string('x', 99), (await cycle.Old.FindAsync<Customer>(fromOld.Id)).Name);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.Name = "short again");
        Assert.Equal("short again", (await cycle.New.FindAsync<Customer>(fromNew.Id)).Name);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        var after = await cycle.New.InsertAsync(new Customer { Name = "After" });
        await cycle.New.UpdateAsync<Customer>(after.Id, c => c.Name = new string('a', 100));
        Assert.Equal(new string('a', 100), (await cycle.New.FindAsync<Customer>(after.Id)).Name);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static void OldModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            e.Property(c => c.Name).HasMaxLength(50);
        });

    private static void NewModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            e.Property(c => c.Name).HasMaxLength(100);
        });

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
