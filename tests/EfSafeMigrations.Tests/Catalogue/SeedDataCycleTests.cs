using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>Seed data (<c>HasData</c>): inserted in Expand, updated in Backfill, deleted in Contract.</summary>
public sealed class SeedDataCycleTests
{
    [Fact]
    public async Task Seed_rows_are_inserted_in_expand_updated_in_backfill_and_deleted_in_contract()
    {
        await using var cycle = await MigrationCycle.StartAsync("seed_data", OldModel, NewModel, SeedAsync);

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.Equal(
            ["BE Belgium", "DE Germany", "FR France", "NL Netherlands", "X1 Seeded by the app"],
            await CountriesAsync(cycle.Old));
        await OldWorksAsync(cycle.Old, "E1");

        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.Equal(["DE Germany", "FR France", "NL Netherlands", "X1 Seeded by the app"], await CountriesAsync(cycle.Old));
        await OldWorksAsync(cycle.Old, "R1");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        Assert.Equal(
            ["BE Belgium", "DE Germany", "FR France", "NL Netherlands", "X1 Seeded by the app"],
            await CountriesAsync(cycle.Old));

        await cycle.ApplyAsync(MigrationPhase.Backfill);
        Assert.Equal(
            ["BE Belgium", "DE Deutschland", "FR France", "NL Netherlands", "X1 Seeded by the app"],
            await CountriesAsync(cycle.New));
        Assert.Equal("Deutschland", (await cycle.Old.FindAsync<Country>("DE")).Name);
        var fromOld = await cycle.Old.InsertAsync(new Country { Code = "O1", Name = "Old land" });
        Assert.Equal("Old land", (await cycle.New.FindAsync<Country>(fromOld.Code)).Name);
        var fromNew = await cycle.New.InsertAsync(new Country { Code = "N1", Name = "New land" });
        Assert.Equal("New land", (await cycle.Old.FindAsync<Country>(fromNew.Code)).Name);
        await cycle.Old.UpdateAsync<Country>("N1", c => c.Name = "New land, renamed by old");
        Assert.Equal("New land, renamed by old", (await cycle.New.FindAsync<Country>("N1")).Name);
        await cycle.New.UpdateAsync<Country>("O1", c => c.Name = "Old land, renamed by new");
        Assert.Equal("Old land, renamed by new", (await cycle.Old.FindAsync<Country>("O1")).Name);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        Assert.Equal(
            ["BE Belgium", "DE Deutschland", "N1 New land, renamed by old", "NL Netherlands", "O1 Old land, renamed by new", "X1 Seeded by the app"],
            await CountriesAsync(cycle.New));

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static async Task<List<string>> CountriesAsync(AppVersion app)
        => (await app.ListAsync<Country>()).Where(c => c.Code is not ("E1" or "R1"))
            .Select(c => c.Code + " " + c.Name).Order(StringComparer.Ordinal).ToList();

    private static void OldModel(ModelBuilder model)
        => model.Entity<Country>(e =>
        {
            e.ToTable("Countries");
            e.HasKey(c => c.Code);
            e.HasData(
                new Country { Code = "NL", Name = "Netherlands" },
                new Country { Code = "DE", Name = "Germany" },
                new Country { Code = "FR", Name = "France" });
        });

    private static void NewModel(ModelBuilder model)
        => model.Entity<Country>(e =>
        {
            e.ToTable("Countries");
            e.HasKey(c => c.Code);
            e.HasData(
                new Country { Code = "NL", Name = "Netherlands" },
                new Country { Code = "DE", Name = "Deutschland" },
                new Country { Code = "BE", Name = "Belgium" });
        });

    private static async Task SeedAsync(AppVersion old) => await old.InsertAsync(new Country { Code = "X1", Name = "Seeded by the app" });

    private static async Task OldWorksAsync(AppVersion old, string code)
    {
        await old.InsertAsync(new Country { Code = code, Name = "inserted" });
        await old.UpdateAsync<Country>(code, c => c.Name = "updated");
        Assert.Equal("updated", (await old.FindAsync<Country>(code)).Name);
        Assert.Equal("Netherlands", (await old.FindAsync<Country>("NL")).Name);
    }

    public sealed class Country
    {
        public string Code { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;
    }
}
