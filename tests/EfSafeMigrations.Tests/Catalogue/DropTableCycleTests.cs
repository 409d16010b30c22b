using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>Drop table: dropped in Contract, once no old instance is left; the old version keeps using it until then.</summary>
public sealed class DropTableCycleTests
{
    [Fact]
    public async Task Old_version_keeps_its_table_until_contract_drops_it()
    {
        await using var cycle = await MigrationCycle.StartAsync("drop_table", OldModel, NewModel, SeedAsync);
        Assert.Empty(cycle.Plan.Up(MigrationPhase.Expand));

        await cycle.ApplyAsync(MigrationPhase.Expand);
        await OldWorksAsync(cycle.Old, "expanded");
        await cycle.RollBackAsync(MigrationPhase.Expand);
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);

        Assert.True(await cycle.Staged.TableExistsAsync("AuditEntries"));
        await OldWorksAsync(cycle.Old, "side by side");
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = "New" });
        Assert.Equal("New", (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Name);
        var entry = await cycle.Old.InsertAsync(new AuditEntry { CustomerId = fromNew.Id, Message = "old audits a new customer" });
        Assert.Equal(fromNew.Id, (await cycle.Old.FindAsync<AuditEntry>(entry.Id)).CustomerId);
        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = "Old" });
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => c.Name = "Old, renamed by new");
        Assert.Equal("Old, renamed by new", (await cycle.Old.FindAsync<Customer>(fromOld.Id)).Name);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        Assert.False(await cycle.Staged.TableExistsAsync("AuditEntries"));
        var after = await cycle.New.InsertAsync(new Customer { Name = "After" });
        await cycle.New.UpdateAsync<Customer>(after.Id, c => c.Name = "After, updated");
        Assert.Equal("After, updated", (await cycle.New.FindAsync<Customer>(after.Id)).Name);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static void NewModel(ModelBuilder model) => model.Entity<Customer>().ToTable("Customers");

    private static void OldModel(ModelBuilder model)
    {
        NewModel(model);
        model.Entity<AuditEntry>(e =>
        {
            e.ToTable("AuditEntries");
            e.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId);
        });
    }

    private static async Task SeedAsync(AppVersion old)
    {
        var ada = await old.InsertAsync(new Customer { Name = "Ada" });
        await old.InsertAsync(new AuditEntry { CustomerId = ada.Id, Message = "created" });
    }

    private static async Task OldWorksAsync(AppVersion old, string marker)
    {
        var customer = await old.InsertAsync(new Customer { Name = marker });
        var entry = await old.InsertAsync(new AuditEntry { CustomerId = customer.Id, Message = marker });
        await old.UpdateAsync<AuditEntry>(entry.Id, a => a.Message = marker + " updated");
        Assert.Equal(marker + " updated", (await old.FindAsync<AuditEntry>(entry.Id)).Message);
        Assert.Equal("created", (await old.FindAsync<AuditEntry>(1)).Message);
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;
    }

    public sealed class AuditEntry
    {
        public int Id { get; set; }

        public int CustomerId { get; set; }

        public string Message { get; set; } = string.Empty;
    }
}
