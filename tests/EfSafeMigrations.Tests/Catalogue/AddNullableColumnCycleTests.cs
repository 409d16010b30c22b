using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>Add nullable column: added in Expand; the old version ignores it.</summary>
public sealed class AddNullableColumnCycleTests
{
    [Fact]
    public async Task Old_version_ignores_the_new_column_and_new_version_reads_nulls_in_old_rows()
    {
        await using var cycle = await MigrationCycle.StartAsync("add_nullable_column", OldModel, NewModel, SeedAsync);

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.False(await cycle.Staged.IsNotNullAsync("Customers", "Nickname"));
        await OldWorksAsync(cycle.Old, "expanded");
        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.False(await cycle.Staged.ColumnExistsAsync("Customers", "Nickname"));
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);

        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = "Old" });
        Assert.Null((await cycle.New.FindAsync<Customer>(fromOld.Id)).Nickname);
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = "New", Nickname = "Newbie" });
        Assert.Equal("New", (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Name);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.Name = "New, renamed by old");
        var seenByNew = await cycle.New.FindAsync<Customer>(fromNew.Id);
        Assert.Equal(("New, renamed by old", "Newbie"), (seenByNew.Name, seenByNew.Nickname));
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => (c.Name, c.Nickname) = ("Old, renamed by new", "Oldie"));
        Assert.Equal("Old, renamed by new", (await cycle.Old.FindAsync<Customer>(fromOld.Id)).Name);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        var after = await cycle.New.InsertAsync(new Customer { Name = "After", Nickname = "Late" });
        await cycle.New.UpdateAsync<Customer>(after.Id, c => c.Nickname = "Later");
        Assert.Equal("Later", (await cycle.New.FindAsync<Customer>(after.Id)).Nickname);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static void OldModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            e.Ignore(c => c.Nickname);
        });

    private static void NewModel(ModelBuilder model) => model.Entity<Customer>().ToTable("Customers");

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

        public string? Nickname { get; set; }
    }
}
