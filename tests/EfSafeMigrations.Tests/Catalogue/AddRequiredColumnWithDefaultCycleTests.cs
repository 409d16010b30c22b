using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>
/// Add NOT NULL column with a non-volatile default (also EF Core's implicit CLR default of a required
/// column): added with the default in Expand, metadata only; existing rows and old inserts get the default.
/// </summary>
public sealed class AddRequiredColumnWithDefaultCycleTests
{
    [Fact]
    public async Task Column_with_a_default_is_added_without_a_rewrite_and_old_inserts_get_the_default()
    {
        await RunCycleAsync(
            "add_column_default",
            e => e.Property(c => c.Status).HasDefaultValue("active"),
            expectedDefault: "'active'::text",
            oldRowsGet: "active");
    }

    [Fact]
    public async Task Required_column_without_a_default_gets_the_clr_default_as_plain_EF_gives_it()
    {
        await RunCycleAsync("add_column_clr_default", _ => { }, expectedDefault: "''::text", oldRowsGet: string.Empty);
    }

    private static async Task RunCycleAsync(
        string name, Action<Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Customer>> status, string expectedDefault, string oldRowsGet)
    {
        void NewModel(ModelBuilder model) => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            status(e);
        });

        await using var cycle = await MigrationCycle.StartAsync(name, OldModel, NewModel, SeedAsync);
        var fileNode = await cycle.Staged.FileNodeAsync("Customers");

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.True(await cycle.Staged.IsNotNullAsync("Customers", "Status"));
        Assert.Equal(expectedDefault, await cycle.Staged.ColumnDefaultAsync("Customers", "Status"));
        Assert.Equal(fileNode, await cycle.Staged.FileNodeAsync("Customers"));
        await OldWorksAsync(cycle.Old, "expanded");

        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.False(await cycle.Staged.ColumnExistsAsync("Customers", "Status"));
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);

        Assert.Equal(oldRowsGet, (await cycle.New.FindAsync<Customer>(1)).Status);
        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = "Old" });
        Assert.Equal(oldRowsGet, (await cycle.New.FindAsync<Customer>(fromOld.Id)).Status);
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = "New", Status = "vip" });
        Assert.Equal("New", (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Name);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.Name = "New, renamed by old");
        var seenByNew = await cycle.New.FindAsync<Customer>(fromNew.Id);
        Assert.Equal(("New, renamed by old", "vip"), (seenByNew.Name, seenByNew.Status));
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => (c.Name, c.Status) = ("Old, renamed by new", "gold"));
        Assert.Equal("Old, renamed by new", (await cycle.Old.FindAsync<Customer>(fromOld.Id)).Name);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        var after = await cycle.New.InsertAsync(new Customer { Name = "After", Status = "late" });
        await cycle.New.UpdateAsync<Customer>(after.Id, c => c.Status = "later");
        Assert.Equal("later", (await cycle.New.FindAsync<Customer>(after.Id)).Status);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static void OldModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            e.Ignore(c => c.Status);
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

        public string Status { get; set; } = string.Empty;
    }
}
