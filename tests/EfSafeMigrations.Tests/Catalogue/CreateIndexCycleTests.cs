using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>
/// Create index / unique index: built CONCURRENTLY in Expand, outside a transaction; an INVALID
/// leftover of a failed build is dropped and rebuilt on retry.
/// </summary>
public sealed class CreateIndexCycleTests
{
    [Fact]
    public async Task Index_and_unique_index_are_valid_after_expand_and_an_invalid_leftover_is_rebuilt()
    {
        await using var cycle = await MigrationCycle.StartAsync("create_index", OldModel, NewModel, SeedAsync);

        // A build that failed earlier (here: on a duplicate) left an INVALID index behind.
        var duplicate = await cycle.Old.InsertAsync(new Customer { Name = "Dup", Email = "ada@example.com" });
        await Assert.ThrowsAnyAsync<Exception>(() => cycle.Staged.ExecuteAsync(
            """CREATE UNIQUE INDEX CONCURRENTLY "IX_Customers_Email" ON "Customers" ("Email")"""));
        Assert.False(await cycle.Staged.IndexIsValidAsync("IX_Customers_Email"));
        await cycle.Staged.ExecuteAsync($"""DELETE FROM "Customers" WHERE "Id" = {duplicate.Id}""");

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.True(await cycle.Staged.IndexIsValidAsync("IX_Customers_Email"));
        Assert.True(await cycle.Staged.IndexIsValidAsync("IX_Customers_Name"));
        Assert.Equal(
            """CREATE UNIQUE INDEX "IX_Customers_Email" ON public."Customers" USING btree ("Email")""",
            await cycle.Staged.IndexDefinitionAsync("IX_Customers_Email"));
        await OldWorksAsync(cycle.Old, "expanded");

        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.Null(await cycle.Staged.IndexIsValidAsync("IX_Customers_Email"));
        Assert.Null(await cycle.Staged.IndexIsValidAsync("IX_Customers_Name"));
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);

        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = "Old", Email = "old@example.com" });
        Assert.Equal("old@example.com", (await cycle.New.FindAsync<Customer>(fromOld.Id)).Email);
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = "New", Email = "new@example.com" });
        Assert.Equal("new@example.com", (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Email);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.Name = "New, renamed by old");
        Assert.Equal("New, renamed by old", (await cycle.New.FindAsync<Customer>(fromNew.Id)).Name);
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => c.Name = "Old, renamed by new");
        Assert.Equal("Old, renamed by new", (await cycle.Old.FindAsync<Customer>(fromOld.Id)).Name);
        await Assert.ThrowsAsync<DbUpdateException>(() => cycle.Old.InsertAsync(new Customer { Name = "Dup", Email = "new@example.com" }));

        await cycle.ApplyAsync(MigrationPhase.Contract);
        var after = await cycle.New.InsertAsync(new Customer { Name = "After", Email = "after@example.com" });
        await cycle.New.UpdateAsync<Customer>(after.Id, c => c.Name = "After, updated");
        Assert.Equal("After, updated", (await cycle.New.FindAsync<Customer>(after.Id)).Name);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static void OldModel(ModelBuilder model) => model.Entity<Customer>().ToTable("Customers");

    private static void NewModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            e.HasIndex(c => c.Email).IsUnique();
            e.HasIndex(c => c.Name);
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
        Assert.Equal("ada@example.com", (await old.FindAsync<Customer>(1)).Email);
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string Email { get; set; } = string.Empty;
    }
}
