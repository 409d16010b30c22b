using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>Drop foreign key / check / unique constraint: dropped in Expand under the lock timeout; its rollback adds it back.</summary>
public sealed class DropConstraintCycleTests
{
    [Fact]
    public async Task Dropped_foreign_key_lets_the_new_version_write_what_it_forbade()
    {
        await RunCycleAsync(
            "drop_foreign_key",
            "FK_Orders_Customers_CustomerId",
            model => model.Entity<Customer>().HasMany<Order>().WithOne().HasForeignKey(o => o.CustomerId),
            async (@new, old) =>
            {
                var orphan = await @new.InsertAsync(new Order { CustomerId = 999_999 });
                Assert.Equal(999_999, (await old.FindAsync<Order>(orphan.Id)).CustomerId);
            });
    }

    [Fact]
    public async Task Dropped_check_lets_the_new_version_write_what_it_forbade()
    {
        await RunCycleAsync(
            "drop_check",
            "CK_Customers_Age",
            model => model.Entity<Customer>().ToTable("Customers", t => t.HasCheckConstraint("CK_Customers_Age", "\"Age\" >= 0")),
            async (@new, old) =>
            {
                var negative = await @new.InsertAsync(new Customer { Name = "Negative", Code = "NEG", Age = -1 });
                Assert.Equal(-1, (await old.FindAsync<Customer>(negative.Id)).Age);
            });
    }

    [Fact]
    public async Task Dropped_unique_constraint_lets_the_new_version_write_what_it_forbade()
    {
        await RunCycleAsync(
            "drop_unique",
            "AK_Customers_Code",
            model => model.Entity<Customer>().HasAlternateKey(c => c.Code),
            async (@new, old) =>
            {
                var duplicate = await @new.InsertAsync(new Customer { Name = "Duplicate", Code = "ADA" });
                Assert.Equal("ADA", (await old.FindAsync<Customer>(duplicate.Id)).Code);
            });
    }

    private static async Task RunCycleAsync(string name, string constraint, Action<ModelBuilder> withConstraint, Func<AppVersion, AppVersion, Task> newWritesWhatWasForbidden)
    {
        void OldModel(ModelBuilder model)
        {
            NewModel(model);
            withConstraint(model);
        }

        await using var cycle = await MigrationCycle.StartAsync(name, OldModel, NewModel, SeedAsync);
        var table = constraint.StartsWith("FK_Orders", StringComparison.Ordinal) ? "Orders" : "Customers";
        var definition = await cycle.Staged.ConstraintDefinitionAsync(table, constraint);
        Assert.NotNull(definition);

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.Null(await cycle.Staged.ConstraintDefinitionAsync(table, constraint));
        await OldWorksAsync(cycle.Old, "expanded");

        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.Equal(definition, await cycle.Staged.ConstraintDefinitionAsync(table, constraint));
        Assert.True(await cycle.Staged.ConstraintIsValidatedAsync(table, constraint));
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);

        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = "Old", Code = "OLD", Age = 1 });
        Assert.Equal("Old", (await cycle.New.FindAsync<Customer>(fromOld.Id)).Name);
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = "New", Code = "NEW", Age = 2 });
        Assert.Equal("New", (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Name);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.Name = "New, renamed by old");
        Assert.Equal("New, renamed by old", (await cycle.New.FindAsync<Customer>(fromNew.Id)).Name);
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => c.Name = "Old, renamed by new");
        Assert.Equal("Old, renamed by new", (await cycle.Old.FindAsync<Customer>(fromOld.Id)).Name);
        await newWritesWhatWasForbidden(cycle.New, cycle.Old);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        var after = await cycle.New.InsertAsync(new Customer { Name = "After", Code = "AFTER" });
        await cycle.New.UpdateAsync<Customer>(after.Id, c => c.Name = "After, updated");
        Assert.Equal("After, updated", (await cycle.New.FindAsync<Customer>(after.Id)).Name);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static void NewModel(ModelBuilder model)
    {
        model.Entity<Customer>().ToTable("Customers");
        model.Entity<Order>().ToTable("Orders");
    }

    private static async Task SeedAsync(AppVersion old)
    {
        await old.InsertAsync(new Customer { Name = "Ada", Code = "ADA", Age = 36 });
        await old.InsertAsync(new Customer { Name = "Grace", Code = "GRACE", Age = 85 });
        await old.InsertAsync(new Order { CustomerId = 1 });
    }

    private static async Task OldWorksAsync(AppVersion old, string marker)
    {
        var inserted = await old.InsertAsync(new Customer { Name = marker, Code = marker, Age = 1 });
        await old.InsertAsync(new Order { CustomerId = inserted.Id });
        await old.UpdateAsync<Customer>(inserted.Id, c => c.Age = 2);
        Assert.Equal(2, (await old.FindAsync<Customer>(inserted.Id)).Age);
        Assert.Equal("ADA", (await old.FindAsync<Customer>(1)).Code);
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string Code { get; set; } = string.Empty;

        public int Age { get; set; }
    }

    public sealed class Order
    {
        public int Id { get; set; }

        public int CustomerId { get; set; }
    }
}
