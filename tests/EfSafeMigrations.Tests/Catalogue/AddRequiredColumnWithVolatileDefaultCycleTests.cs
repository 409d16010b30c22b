using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>
/// Add NOT NULL column with a volatile default: added nullable with the default for new rows in Expand
/// (no rewrite), existing rows filled in batches in Backfill, NOT NULL the safe way in Contract.
/// </summary>
public sealed class AddRequiredColumnWithVolatileDefaultCycleTests
{
    [Fact]
    public async Task Existing_rows_get_distinct_values_in_backfill_and_the_column_ends_not_null()
    {
        await using var cycle = await MigrationCycle.StartAsync("add_column_volatile", OldModel, NewModel, SeedAsync);
        var fileNode = await cycle.Staged.FileNodeAsync("Customers");

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.False(await cycle.Staged.IsNotNullAsync("Customers", "PublicId"));
        Assert.Equal("gen_random_uuid()", await cycle.Staged.ColumnDefaultAsync("Customers", "PublicId"));
        Assert.Equal(fileNode, await cycle.Staged.FileNodeAsync("Customers"));
        await OldWorksAsync(cycle.Old, "expanded");
        var fromOldInWindow = await cycle.Old.InsertAsync(new Customer { Name = "Window" });
        Assert.Equal(1, await cycle.Staged.CountAsync($"""SELECT count(*) FROM "Customers" WHERE "Id" = {fromOldInWindow.Id} AND "PublicId" IS NOT NULL"""));

        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.False(await cycle.Staged.ColumnExistsAsync("Customers", "PublicId"));
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        Assert.Equal(0, await cycle.Staged.CountAsync("""SELECT count(*) FROM "Customers" WHERE "PublicId" IS NOT NULL"""));

        await cycle.ApplyAsync(MigrationPhase.Backfill);
        Assert.Equal(0, await cycle.Staged.CountAsync("""SELECT count(*) FROM "Customers" WHERE "PublicId" IS NULL"""));
        Assert.Equal(
            await cycle.Staged.CountAsync("""SELECT count(*) FROM "Customers" """),
            await cycle.Staged.CountAsync("""SELECT count(DISTINCT "PublicId") FROM "Customers" """));
        await cycle.ApplyAsync(MigrationPhase.Backfill);

        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = "Old" });
        Assert.NotEqual(Guid.Empty, (await cycle.New.FindAsync<Customer>(fromOld.Id)).PublicId);
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = "New" });
        Assert.NotEqual(Guid.Empty, fromNew.PublicId);
        Assert.Equal(fromNew.PublicId, (await cycle.New.FindAsync<Customer>(fromNew.Id)).PublicId);
        Assert.Equal("New", (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Name);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.Name = "New, renamed by old");
        var seenByNew = await cycle.New.FindAsync<Customer>(fromNew.Id);
        Assert.Equal(("New, renamed by old", fromNew.PublicId), (seenByNew.Name, seenByNew.PublicId));
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => c.Name = "Old, renamed by new");
        Assert.Equal("Old, renamed by new", (await cycle.Old.FindAsync<Customer>(fromOld.Id)).Name);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        Assert.True(await cycle.Staged.IsNotNullAsync("Customers", "PublicId"));
        Assert.Equal("gen_random_uuid()", await cycle.Staged.ColumnDefaultAsync("Customers", "PublicId"));
        var after = await cycle.New.InsertAsync(new Customer { Name = "After" });
        await cycle.New.UpdateAsync<Customer>(after.Id, c => c.Name = "After, updated");
        Assert.Equal(after.PublicId, (await cycle.New.FindAsync<Customer>(after.Id)).PublicId);

        await cycle.AssertStagedEqualsPlainAsync("Customers.PublicId");
    }

    private static void OldModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            e.Ignore(c => c.PublicId);
        });

    private static void NewModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            e.Property(c => c.PublicId).HasDefaultValueSql("gen_random_uuid()");
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

        public Guid PublicId { get; set; }
    }
}
