using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>
/// Add unique constraint (<c>HasAlternateKey</c>): its index is built CONCURRENTLY in Expand, then the
/// constraint is attached to it (<c>ADD CONSTRAINT ... USING INDEX</c>).
/// </summary>
public sealed class AddUniqueConstraintCycleTests
{
    private const string Key = "AK_Customers_Code";

    [Fact]
    public async Task Unique_constraint_over_a_concurrently_built_index_holds_from_expand_on()
    {
        await using var cycle = await MigrationCycle.StartAsync("add_unique", OldModel, NewModel, SeedAsync);

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.Equal("UNIQUE (\"Code\")", await cycle.Staged.ConstraintDefinitionAsync("Customers", Key));
        Assert.True(await cycle.Staged.IndexIsValidAsync(Key));
        await OldWorksAsync(cycle.Old, "expanded");
        await Assert.ThrowsAsync<DbUpdateException>(() => cycle.Old.InsertAsync(new Customer { Name = "Dup", Code = "ADA" }));

        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.Null(await cycle.Staged.ConstraintDefinitionAsync("Customers", Key));
        Assert.Null(await cycle.Staged.IndexIsValidAsync(Key));
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);

        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = "Old", Code = "OLD" });
        Assert.Equal("OLD", (await cycle.New.FindAsync<Customer>(fromOld.Id)).Code);
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = "New", Code = "NEW" });
        Assert.Equal("NEW", (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Code);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.Name = "New, renamed by old");
        Assert.Equal("New, renamed by old", (await cycle.New.FindAsync<Customer>(fromNew.Id)).Name);
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => c.Name = "Old, renamed by new");
        Assert.Equal("Old, renamed by new", (await cycle.Old.FindAsync<Customer>(fromOld.Id)).Name);
        await Assert.ThrowsAsync<DbUpdateException>(() => cycle.New.InsertAsync(new Customer { Name = "Dup", Code = "OLD" }));

        await cycle.ApplyAsync(MigrationPhase.Contract);
        var after = await cycle.New.InsertAsync(new Customer { Name = "After", Code = "AFTER" });
        await cycle.New.UpdateAsync<Customer>(after.Id, c => c.Name = "After, updated");
        Assert.Equal("After, updated", (await cycle.New.FindAsync<Customer>(after.Id)).Name);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static void OldModel(ModelBuilder model) => model.Entity<Customer>().ToTable("Customers");

    private static void NewModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            e.HasAlternateKey(c => c.Code);
        });

    private static async Task SeedAsync(AppVersion old)
    {
        await old.InsertAsync(new Customer { Name = "Ada", Code = "ADA" });
        await old.InsertAsync(new Customer { Name = "Grace", Code = "GRACE" });
    }

    private static async Task OldWorksAsync(AppVersion old, string marker)
    {
        var inserted = await old.InsertAsync(new Customer { Name = marker, Code = marker });
        await old.UpdateAsync<Customer>(inserted.Id, c => c.Name = marker + " updated");
        Assert.Equal(marker + " updated", (await old.FindAsync<Customer>(inserted.Id)).Name);
        Assert.Equal("ADA", (await old.FindAsync<Customer>(1)).Code);
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string Code { get; set; } = string.Empty;
    }
}
