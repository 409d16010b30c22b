using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>
/// Add primary key (a keyless table gets a key): its unique index is built CONCURRENTLY in Expand, then
/// the key is attached to it (<c>ADD CONSTRAINT ... PRIMARY KEY USING INDEX</c>).
/// </summary>
public sealed class AddPrimaryKeyCycleTests
{
    [Fact]
    public async Task Primary_key_over_a_concurrently_built_index_holds_from_expand_on()
    {
        await using var cycle = await MigrationCycle.StartAsync("add_primary_key", OldModel, NewModel, SeedAsync);

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.Equal("PRIMARY KEY (\"Code\")", await cycle.Staged.ConstraintDefinitionAsync("Countries", "PK_Countries"));
        Assert.True(await cycle.Staged.IndexIsValidAsync("PK_Countries"));
        await OldWorksAsync(cycle.Old, "E1");
        await Assert.ThrowsAnyAsync<Exception>(() => OldInsertAsync(cycle.Old, "NL", "Duplicate"));

        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.Null(await cycle.Staged.ConstraintDefinitionAsync("Countries", "PK_Countries"));
        Assert.Null(await cycle.Staged.IndexIsValidAsync("PK_Countries"));
        await OldWorksAsync(cycle.Old, "R1");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);

        await OldInsertAsync(cycle.Old, "O1", "Old land");
        Assert.Equal("Old land", (await cycle.New.FindAsync<Country>("O1")).Name);
        var fromNew = await cycle.New.InsertAsync(new Country { Code = "N1", Name = "New land" });
        Assert.Contains(await cycle.Old.ListAsync<Country>(), c => c.Code == fromNew.Code && c.Name == "New land");
        await cycle.New.UpdateAsync<Country>("O1", c => c.Name = "Old land, renamed by new");
        Assert.Contains(await cycle.Old.ListAsync<Country>(), c => c.Code == "O1" && c.Name == "Old land, renamed by new");
        await using (var old = cycle.Old.CreateContext())
        {
            await old.Database.ExecuteSqlRawAsync("""UPDATE "Countries" SET "Name" = 'New land, renamed by old' WHERE "Code" = 'N1'""");
        }

        Assert.Equal("New land, renamed by old", (await cycle.New.FindAsync<Country>("N1")).Name);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        var after = await cycle.New.InsertAsync(new Country { Code = "A1", Name = "After" });
        await cycle.New.UpdateAsync<Country>(after.Code, c => c.Name = "After, updated");
        Assert.Equal("After, updated", (await cycle.New.FindAsync<Country>(after.Code)).Name);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static void OldModel(ModelBuilder model)
        => model.Entity<Country>(e =>
        {
            e.ToTable("Countries");
            e.HasNoKey();
        });

    private static void NewModel(ModelBuilder model)
        => model.Entity<Country>(e =>
        {
            e.ToTable("Countries");
            e.HasKey(c => c.Code);
        });

    /// <summary>The old version's model has no key, so it writes with SQL (EF Core does not track keyless entities).</summary>
    private static async Task OldInsertAsync(AppVersion old, string code, string name)
    {
        await using var context = old.CreateContext();
        await context.Database.ExecuteSqlAsync($"""INSERT INTO "Countries" ("Code", "Name") VALUES ({code}, {name})""");
    }

    private static async Task SeedAsync(AppVersion old)
    {
        await OldInsertAsync(old, "NL", "Netherlands");
        await OldInsertAsync(old, "DE", "Germany");
    }

    private static async Task OldWorksAsync(AppVersion old, string code)
    {
        await OldInsertAsync(old, code, "inserted");
        var countries = await old.ListAsync<Country>();
        Assert.Contains(countries, c => c.Code == code && c.Name == "inserted");
        Assert.Contains(countries, c => c.Code == "NL" && c.Name == "Netherlands");
    }

    public sealed class Country
    {
        public string Code { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;
    }
}
