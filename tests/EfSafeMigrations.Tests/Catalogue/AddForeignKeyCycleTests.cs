using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>
/// Add foreign key: added NOT VALID in Expand (new writes are checked, no scan under a lock), validated
/// in Backfill while reads and writes go on.
/// </summary>
public sealed class AddForeignKeyCycleTests
{
    private const string ForeignKey = "FK_Orders_Customers_CustomerId";

    [Fact]
    public async Task Foreign_key_checks_new_writes_from_expand_on_and_is_validated_by_backfill()
    {
        await using var cycle = await MigrationCycle.StartAsync("add_foreign_key", OldModel, NewModel, SeedAsync);

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.False(await cycle.Staged.ConstraintIsValidatedAsync("Orders", ForeignKey));
        Assert.True(await cycle.Staged.IndexIsValidAsync("IX_Orders_CustomerId"));
        await OldWorksAsync(cycle.Old, "expanded");
        await Assert.ThrowsAsync<DbUpdateException>(() => cycle.Old.InsertAsync(new Order { CustomerId = 999_999, Total = 1 }));

        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.Null(await cycle.Staged.ConstraintIsValidatedAsync("Orders", ForeignKey));
        Assert.Null(await cycle.Staged.IndexIsValidAsync("IX_Orders_CustomerId"));
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        Assert.False(await cycle.Staged.ConstraintIsValidatedAsync("Orders", ForeignKey));

        await cycle.ApplyAsync(MigrationPhase.Backfill);
        Assert.True(await cycle.Staged.ConstraintIsValidatedAsync("Orders", ForeignKey));

        var fromOld = await cycle.Old.InsertAsync(new Order { CustomerId = 1, Total = 10 });
        Assert.Equal(1, (await cycle.New.FindAsync<Order>(fromOld.Id)).CustomerId);
        var fromNew = await cycle.New.InsertAsync(new Order { CustomerId = 2, Total = 20 });
        Assert.Equal(20, (await cycle.Old.FindAsync<Order>(fromNew.Id)).Total);
        await cycle.Old.UpdateAsync<Order>(fromNew.Id, o => o.Total = 21);
        Assert.Equal(21, (await cycle.New.FindAsync<Order>(fromNew.Id)).Total);
        await cycle.New.UpdateAsync<Order>(fromOld.Id, o => o.CustomerId = 2);
        Assert.Equal(2, (await cycle.Old.FindAsync<Order>(fromOld.Id)).CustomerId);
        await Assert.ThrowsAsync<DbUpdateException>(() => cycle.New.InsertAsync(new Order { CustomerId = 999_999, Total = 1 }));

        await cycle.ApplyAsync(MigrationPhase.Contract);
        var after = await cycle.New.InsertAsync(new Order { CustomerId = 1, Total = 30 });
        await cycle.New.UpdateAsync<Order>(after.Id, o => o.Total = 31);
        Assert.Equal(31, (await cycle.New.FindAsync<Order>(after.Id)).Total);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static void OldModel(ModelBuilder model)
    {
        model.Entity<Customer>().ToTable("Customers");
        model.Entity<Order>().ToTable("Orders");
    }

    private static void NewModel(ModelBuilder model)
    {
        OldModel(model);
        model.Entity<Order>().HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId);
    }

    private static async Task SeedAsync(AppVersion old)
    {
        await old.InsertAsync(new Customer { Name = "Ada" });
        await old.InsertAsync(new Customer { Name = "Grace" });
        await old.InsertAsync(new Order { CustomerId = 1, Total = 100 });
        await old.InsertAsync(new Order { CustomerId = 2, Total = 200 });
    }

    private static async Task OldWorksAsync(AppVersion old, string marker)
    {
        var customer = await old.InsertAsync(new Customer { Name = marker });
        var order = await old.InsertAsync(new Order { CustomerId = customer.Id, Total = 5 });
        await old.UpdateAsync<Order>(order.Id, o => o.Total = 6);
        Assert.Equal(6, (await old.FindAsync<Order>(order.Id)).Total);
        Assert.Equal(100, (await old.FindAsync<Order>(1)).Total);
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;
    }

    public sealed class Order
    {
        public int Id { get; set; }

        public int CustomerId { get; set; }

        public int Total { get; set; }
    }
}
