using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>
/// Add check constraint: added in Contract, once the old version no longer writes, NOT VALID and then
/// validated.
/// </summary>
public sealed class AddCheckConstraintCycleTests
{
    private const string Check = "CK_Customers_Age";

    [Fact]
    public async Task Check_is_added_and_validated_in_contract()
    {
        await using var cycle = await MigrationCycle.StartAsync("add_check", OldModel, NewModel, SeedAsync);

        await cycle.ApplyAsync(MigrationPhase.Expand);
        await OldWorksAsync(cycle.Old, "expanded");
        await cycle.RollBackAsync(MigrationPhase.Expand);
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);
        Assert.Null(await cycle.Staged.ConstraintIsValidatedAsync("Customers", Check));

        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = "Old", Age = 40 });
        Assert.Equal(40, (await cycle.New.FindAsync<Customer>(fromOld.Id)).Age);
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = "New", Age = 20 });
        Assert.Equal(20, (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Age);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.Age = 21);
        Assert.Equal(21, (await cycle.New.FindAsync<Customer>(fromNew.Id)).Age);
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => c.Age = 41);
        Assert.Equal(41, (await cycle.Old.FindAsync<Customer>(fromOld.Id)).Age);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        Assert.True(await cycle.Staged.ConstraintIsValidatedAsync("Customers", Check));
        Assert.Equal("CHECK ((\"Age\" >= 0))", await cycle.Staged.ConstraintDefinitionAsync("Customers", Check));
        await Assert.ThrowsAsync<DbUpdateException>(() => cycle.New.InsertAsync(new Customer { Name = "Negative", Age = -1 }));
        var after = await cycle.New.InsertAsync(new Customer { Name = "After", Age = 1 });
        await cycle.New.UpdateAsync<Customer>(after.Id, c => c.Age = 2);
        Assert.Equal(2, (await cycle.New.FindAsync<Customer>(after.Id)).Age);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static void OldModel(ModelBuilder model) => model.Entity<Customer>().ToTable("Customers");

    private static void NewModel(ModelBuilder model)
        => model.Entity<Customer>().ToTable("Customers", t => t.HasCheckConstraint(Check, "\"Age\" >= 0"));

    private static async Task SeedAsync(AppVersion old)
    {
        await old.InsertAsync(new Customer { Name = "Ada", Age = 36 });
        await old.InsertAsync(new Customer { Name = "Grace", Age = 85 });
    }

    private static async Task OldWorksAsync(AppVersion old, string marker)
    {
        var inserted = await old.InsertAsync(new Customer { Name = marker, Age = 1 });
        await old.UpdateAsync<Customer>(inserted.Id, c => c.Age = 2);
        Assert.Equal(2, (await old.FindAsync<Customer>(inserted.Id)).Age);
        Assert.Equal(36, (await old.FindAsync<Customer>(1)).Age);
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public int Age { get; set; }
    }
}
