using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>Create table (with its indexes and foreign keys): created in Expand; the old version does not use it.</summary>
public sealed class CreateTableCycleTests
{
    [Fact]
    public async Task New_table_with_its_index_and_foreign_key_is_there_after_expand_and_gone_after_its_rollback()
    {
        await using var cycle = await MigrationCycle.StartAsync("create_table", OldModel, NewModel, SeedAsync);

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.True(await cycle.Staged.TableExistsAsync("Books"));
        Assert.True(await cycle.Staged.IndexIsValidAsync("IX_Books_Title"));
        Assert.True(await cycle.Staged.IndexIsValidAsync("IX_Books_AuthorId"));
        Assert.True(await cycle.Staged.ConstraintIsValidatedAsync("Books", "FK_Books_Authors_AuthorId"));
        await OldWorksAsync(cycle.Old, "expanded");

        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.False(await cycle.Staged.TableExistsAsync("Books"));
        await OldWorksAsync(cycle.Old, "rolled-back");

        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);

        var fromOld = await cycle.Old.InsertAsync(new Author { Name = "Old author" });
        Assert.Equal("Old author", (await cycle.New.FindAsync<Author>(fromOld.Id)).Name);
        var book = await cycle.New.InsertAsync(new Book { Title = "Written in the window", AuthorId = fromOld.Id });
        Assert.Equal(fromOld.Id, (await cycle.New.FindAsync<Book>(book.Id)).AuthorId);
        var fromNew = await cycle.New.InsertAsync(new Author { Name = "New author" });
        Assert.Equal("New author", (await cycle.Old.FindAsync<Author>(fromNew.Id)).Name);
        await cycle.Old.UpdateAsync<Author>(fromNew.Id, a => a.Name = "New author, renamed by old");
        Assert.Equal("New author, renamed by old", (await cycle.New.FindAsync<Author>(fromNew.Id)).Name);
        await cycle.New.UpdateAsync<Author>(fromOld.Id, a => a.Name = "Old author, renamed by new");
        Assert.Equal("Old author, renamed by new", (await cycle.Old.FindAsync<Author>(fromOld.Id)).Name);

        // The foreign key and the unique index hold.
        await Assert.ThrowsAsync<DbUpdateException>(() => cycle.New.InsertAsync(new Book { Title = "Orphan", AuthorId = 999_999 }));
        await Assert.ThrowsAsync<DbUpdateException>(() => cycle.New.InsertAsync(new Book { Title = "Written in the window", AuthorId = fromOld.Id }));

        await cycle.ApplyAsync(MigrationPhase.Contract);
        var after = await cycle.New.InsertAsync(new Book { Title = "After contract", AuthorId = fromNew.Id });
        await cycle.New.UpdateAsync<Book>(after.Id, b => b.Title = "After contract, updated");
        Assert.Equal("After contract, updated", (await cycle.New.FindAsync<Book>(after.Id)).Title);
        Assert.Equal("Ada", (await cycle.New.FindAsync<Author>(1)).Name);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static void OldModel(ModelBuilder model) => model.Entity<Author>().ToTable("Authors");

    private static void NewModel(ModelBuilder model)
    {
        OldModel(model);
        model.Entity<Book>(e =>
        {
            e.ToTable("Books");
            e.HasIndex(b => b.Title).IsUnique();
            e.HasOne<Author>().WithMany().HasForeignKey(b => b.AuthorId);
        });
    }

    private static async Task SeedAsync(AppVersion old)
    {
        await old.InsertAsync(new Author { Name = "Ada" });
        await old.InsertAsync(new Author { Name = "Grace" });
    }

    private static async Task OldWorksAsync(AppVersion old, string marker)
    {
        var inserted = await old.InsertAsync(new Author { Name = marker });
        await old.UpdateAsync<Author>(inserted.Id, a => a.Name = marker + " updated");
        Assert.Equal(marker + " updated", (await old.FindAsync<Author>(inserted.Id)).Name);
        Assert.Equal("Grace", (await old.FindAsync<Author>(2)).Name);
    }

    public sealed class Author
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;
    }

    public sealed class Book
    {
        public int Id { get; set; }

        public string Title { get; set; } = string.Empty;

        public int AuthorId { get; set; }
    }
}
