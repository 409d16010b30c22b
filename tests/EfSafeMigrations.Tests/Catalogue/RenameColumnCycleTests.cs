using EfSafeMigrations.Tests.Catalogue.Harness;
using EfSafeMigrations.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>
/// Rename column: Expand adds the new column with triggers keeping both in step and builds its
/// indexes; Backfill copies old to new; Contract drops the old column's indexes, then the triggers and the
/// old column in one transaction.
/// </summary>
public sealed class RenameColumnCycleTests
{
    [Fact]
    public async Task Old_and_new_versions_see_each_others_writes_and_the_indexes_move_to_the_new_column()
    {
        await using var cycle = await MigrationCycle.StartAsync("rename_column", OldModel, NewModel, SeedAsync);

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.True(await cycle.Staged.ColumnExistsAsync("Customers", "EmailAddress"));
        await OldWorksAsync(cycle.Old, "expanded");
        var fromOldInWindow = await cycle.Old.InsertAsync(new Customer { Name = "Window", Email = "window@old" });

        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.False(await cycle.Staged.ColumnExistsAsync("Customers", "EmailAddress"));
        Assert.Equal(string.Empty, await cycle.Staged.TriggersAsync("Customers"));
        await OldWorksAsync(cycle.Old, "rolled-back");

        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);
        Assert.Equal(0, await cycle.Staged.CountAsync("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS DISTINCT FROM "Email" """));
        Assert.Equal("window@old", (await cycle.New.FindAsync<Customer>(fromOldInWindow.Id)).Email);

        // Side by side: each version's inserts and updates are seen by the other.
        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = "Old", Email = "old@example.com" });
        Assert.Equal("old@example.com", (await cycle.New.FindAsync<Customer>(fromOld.Id)).Email);
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = "New", Email = "new@example.com" });
        Assert.Equal("new@example.com", (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Email);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.Email = "new-changed-by-old@example.com");
        Assert.Equal("new-changed-by-old@example.com", (await cycle.New.FindAsync<Customer>(fromNew.Id)).Email);
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => c.Email = "old-changed-by-new@example.com");
        Assert.Equal("old-changed-by-new@example.com", (await cycle.Old.FindAsync<Customer>(fromOld.Id)).Email);
        await cycle.Old.UpdateAsync<Customer>(fromOld.Id, c => c.Name = "Old renamed");
        Assert.Equal("old-changed-by-new@example.com", (await cycle.New.FindAsync<Customer>(fromOld.Id)).Email);

        // The unique index on the new column holds for the new version's writes already.
        await Assert.ThrowsAsync<DbUpdateException>(() => cycle.New.InsertAsync(new Customer { Name = "Dup", Email = "old-changed-by-new@example.com" }));

        await cycle.ApplyAsync(MigrationPhase.Contract);
        Assert.False(await cycle.Staged.ColumnExistsAsync("Customers", "Email"));
        Assert.True(await cycle.Staged.IsNotNullAsync("Customers", "EmailAddress"));
        Assert.Equal(
            """CREATE UNIQUE INDEX "IX_Customers_EmailAddress" ON public."Customers" USING btree ("EmailAddress")""",
            await cycle.Staged.IndexDefinitionAsync("IX_Customers_EmailAddress"));
        Assert.Equal(
            """CREATE INDEX "IX_Customers_Contact" ON public."Customers" USING btree ("EmailAddress", "Name")""",
            await cycle.Staged.IndexDefinitionAsync("IX_Customers_Contact"));
        Assert.Null(await cycle.Staged.IndexDefinitionAsync("IX_Customers_Email"));
        Assert.Equal(string.Empty, await cycle.Staged.TriggersAsync("Customers"));
        await NewWorksAsync(cycle.New);
        if (TestServers.PostgresMajor >= 18)
        {
            // The staged end's NOT NULL is named after the column it is on (EF's plain rename keeps Customers_Email_not_null).
            Assert.Equal(
                "Customers_EmailAddress_not_null",
                await cycle.Staged.ScalarAsync<string>("""
                    SELECT c.conname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                    WHERE c.conrelid = '"Customers"'::regclass AND c.contype = 'n' AND a.attname = 'EmailAddress'
                    """));
        }

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static void OldModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            e.HasIndex(c => c.Email).IsUnique();
            e.HasIndex(c => new { c.Email, c.Name }).HasDatabaseName("IX_Customers_Contact");
        });

    private static void NewModel(ModelBuilder model)
    {
        OldModel(model);
        model.Entity<Customer>().Property(c => c.Email).HasColumnName("EmailAddress");
    }

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

    private static async Task NewWorksAsync(AppVersion app)
    {
        var inserted = await app.InsertAsync(new Customer { Name = "After", Email = "after@new" });
        await app.UpdateAsync<Customer>(inserted.Id, c => c.Email = "after-updated@new");
        Assert.Equal("after-updated@new", (await app.FindAsync<Customer>(inserted.Id)).Email);
        Assert.Equal("grace@example.com", (await app.FindAsync<Customer>(2)).Email);
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string Email { get; set; } = string.Empty;
    }
}
