using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>
/// Rename table: Expand adds an updatable view with the new name over the old table; Contract drops the
/// view and renames the table (its primary key and indexes with it) in one transaction.
/// </summary>
public sealed class RenameTableCycleTests
{
    [Fact]
    public async Task New_version_writes_through_the_view_until_contract_renames_the_table_and_its_key()
    {
        await using var cycle = await MigrationCycle.StartAsync("rename_table", OldModel, NewModel, SeedAsync);

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.True(await cycle.Staged.ViewExistsAsync("Clients"));
        await OldWorksAsync(cycle.Old, "expanded");

        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.False(await cycle.Staged.ViewExistsAsync("Clients"));
        await OldWorksAsync(cycle.Old, "rolled-back");

        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);

        // The new version inserts through the view and gets the table's generated id back.
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = "New", Email = "new@example.com" });
        Assert.True(fromNew.Id > 2, $"The id generated through the view was {fromNew.Id}.");
        Assert.Equal("new@example.com", (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Email);
        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = "Old", Email = "old@example.com" });
        Assert.Equal("old@example.com", (await cycle.New.FindAsync<Customer>(fromOld.Id)).Email);
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => c.Email = "old-changed-by-new@example.com");
        Assert.Equal("old-changed-by-new@example.com", (await cycle.Old.FindAsync<Customer>(fromOld.Id)).Email);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.Email = "new-changed-by-old@example.com");
        Assert.Equal("new-changed-by-old@example.com", (await cycle.New.FindAsync<Customer>(fromNew.Id)).Email);
        Assert.Equal("Ada", (await cycle.New.FindAsync<Customer>(1)).Name);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        Assert.False(await cycle.Staged.ViewExistsAsync("Clients"));
        Assert.True(await cycle.Staged.TableExistsAsync("Clients"));
        Assert.False(await cycle.Staged.TableExistsAsync("Customers"));
        Assert.Equal("PRIMARY KEY (\"Id\")", await cycle.Staged.ConstraintDefinitionAsync("Clients", "PK_Clients"));
        Assert.True(await cycle.Staged.IndexIsValidAsync("IX_Clients_Email"));
        var after = await cycle.New.InsertAsync(new Customer { Name = "After", Email = "after@example.com" });
        await cycle.New.UpdateAsync<Customer>(after.Id, c => c.Name = "After, updated");
        Assert.Equal("After, updated", (await cycle.New.FindAsync<Customer>(after.Id)).Name);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    [Fact]
    public async Task Foreign_key_from_another_table_follows_the_rename_and_keeps_checking_writes()
    {
        await using var cycle = await MigrationCycle.StartAsync(
            "rename_referenced_table", WithOrders(OldModel), WithOrders(NewModel), async old =>
            {
                await SeedAsync(old);
                await old.InsertAsync(new Order { CustomerId = 1 });
            });

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.True(await cycle.Staged.ConstraintIsValidatedAsync("Orders", "FK_Orders_Customers_CustomerId"));
        await OldWorksAsync(cycle.Old, "expanded");
        await cycle.RollBackAsync(MigrationPhase.Expand);
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);

        var customer = await cycle.New.InsertAsync(new Customer { Name = "New", Email = "new@example.com" });
        var order = await cycle.New.InsertAsync(new Order { CustomerId = customer.Id });
        Assert.Equal(customer.Id, (await cycle.Old.FindAsync<Order>(order.Id)).CustomerId);
        await Assert.ThrowsAsync<DbUpdateException>(() => cycle.New.InsertAsync(new Order { CustomerId = 999_999 }));
        await Assert.ThrowsAsync<DbUpdateException>(() => cycle.Old.InsertAsync(new Order { CustomerId = 999_999 }));

        await cycle.ApplyAsync(MigrationPhase.Contract);
        Assert.Equal(
            "FOREIGN KEY (\"CustomerId\") REFERENCES \"Clients\"(\"Id\") ON DELETE CASCADE",
            await cycle.Staged.ConstraintDefinitionAsync("Orders", "FK_Orders_Clients_CustomerId"));
        await Assert.ThrowsAsync<DbUpdateException>(() => cycle.New.InsertAsync(new Order { CustomerId = 999_999 }));
        var after = await cycle.New.InsertAsync(new Order { CustomerId = customer.Id });
        Assert.Equal(customer.Id, (await cycle.New.FindAsync<Order>(after.Id)).CustomerId);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static Action<ModelBuilder> WithOrders(Action<ModelBuilder> customers)
        => model =>
        {
            customers(model);
            model.Entity<Order>(e =>
            {
                e.ToTable("Orders");
                e.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId);
            });
        };

    private static void OldModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            e.HasIndex(c => c.Email);
        });

    private static void NewModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Clients");
            e.HasIndex(c => c.Email);
        });

    private static async Task SeedAsync(AppVersion old)
    {
        await old.InsertAsync(new Customer { Name = "Ada", Email = "ada@example.com" });
        await old.InsertAsync(new Customer { Name = "Grace", Email = "grace@example.com" });
    }

    private static async Task OldWorksAsync(AppVersion old, string marker)
    {
        var inserted = await old.InsertAsync(new Customer { Name = marker, Email = marker + "@old" });
        await old.UpdateAsync<Customer>(inserted.Id, c => c.Email = marker + "-updated@old");
        Assert.Equal(marker + "-updated@old", (await old.FindAsync<Customer>(inserted.Id)).Email);
        Assert.Equal("grace@example.com", (await old.FindAsync<Customer>(2)).Email);
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string Email { get; set; } = string.Empty;
    }

    public sealed class Order
    {
        public int Id { get; set; }

        public int CustomerId { get; set; }
    }
}
