using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>
/// Drop column: a NOT NULL column without a default gets EF's CLR default in Expand so the new version can insert
/// without it and the old version reads those rows; dropped in Contract once no old instance reads it.
/// </summary>
public sealed class DropColumnCycleTests
{
    [Fact]
    public async Task New_version_inserts_without_the_column_after_expand_and_contract_drops_it()
    {
        await using var cycle = await MigrationCycle.StartAsync("drop_column", OldModel, NewModel, SeedAsync);

        await cycle.ApplyAsync(MigrationPhase.Expand);
        await OldWorksAsync(cycle.Old, "expanded");
        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.True(await cycle.Staged.IsNotNullAsync("Customers", "LegacyCode"));
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);

        // After Expand the new version can insert rows without the column.
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = "New" });

        await cycle.ApplyAsync(MigrationPhase.Backfill);
        Assert.True(await cycle.Staged.ColumnExistsAsync("Customers", "LegacyCode"));
        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = "Old", LegacyCode = "OLD-1" });
        Assert.Equal("Old", (await cycle.New.FindAsync<Customer>(fromOld.Id)).Name);
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => c.Name = "Old, renamed by new");
        var oldRow = await cycle.Old.FindAsync<Customer>(fromOld.Id);
        Assert.Equal(("Old, renamed by new", "OLD-1"), (oldRow.Name, oldRow.LegacyCode));

        // The old version reads the rows the new version inserts. Its model requires LegacyCode, so
        // those rows must hold a value there that it can read, not NULL.
        var readByOld = await Record.ExceptionAsync(() => cycle.Old.FindAsync<Customer>(fromNew.Id));
        Assert.True(
            readByOld is null,
            "The OLD version cannot read a row the NEW version inserted after Expand: Expand dropped NOT NULL on Customers.LegacyCode, "
            + $"so the row holds NULL there, which the OLD model (a required property) cannot read. {readByOld?.GetType().Name}: {readByOld?.Message}");
        Assert.Equal("New", (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Name);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.Name = "New, renamed by old");
        Assert.Equal("New, renamed by old", (await cycle.New.FindAsync<Customer>(fromNew.Id)).Name);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        Assert.False(await cycle.Staged.ColumnExistsAsync("Customers", "LegacyCode"));
        var after = await cycle.New.InsertAsync(new Customer { Name = "After" });
        await cycle.New.UpdateAsync<Customer>(after.Id, c => c.Name = "After, updated");
        Assert.Equal("After, updated", (await cycle.New.FindAsync<Customer>(after.Id)).Name);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static void OldModel(ModelBuilder model) => model.Entity<Customer>().ToTable("Customers");

    private static void NewModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            e.Ignore(c => c.LegacyCode);
        });

    private static async Task SeedAsync(AppVersion old)
    {
        await old.InsertAsync(new Customer { Name = "Ada", LegacyCode = "A-1" });
        await old.InsertAsync(new Customer { Name = "Grace", LegacyCode = "G-1" });
    }

    private static async Task OldWorksAsync(AppVersion old, string marker)
    {
        var inserted = await old.InsertAsync(new Customer { Name = marker, LegacyCode = marker });
        await old.UpdateAsync<Customer>(inserted.Id, c => c.LegacyCode = marker + " updated");
        Assert.Equal(marker + " updated", (await old.FindAsync<Customer>(inserted.Id)).LegacyCode);
        Assert.Equal("A-1", (await old.FindAsync<Customer>(1)).LegacyCode);
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string LegacyCode { get; set; } = string.Empty;
    }
}
