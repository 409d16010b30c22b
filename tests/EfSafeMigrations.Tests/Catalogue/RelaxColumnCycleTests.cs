using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>NOT NULL to nullable, and a default change: altered in place (metadata only) in Expand.</summary>
public sealed class RelaxColumnCycleTests
{
    [Fact]
    public async Task Not_null_column_becomes_nullable_in_expand()
    {
        await using var cycle = await MigrationCycle.StartAsync(
            "relax_not_null", Model(e => e.Property(c => c.Country).IsRequired()), Model(e => e.Property(c => c.Country).IsRequired(false)), SeedAsync);

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.False(await cycle.Staged.IsNotNullAsync("Customers", "Country"));
        await OldWorksAsync(cycle.Old, "expanded");
        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.True(await cycle.Staged.IsNotNullAsync("Customers", "Country"));
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);

        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = "Old", Country = "NL" });
        Assert.Equal("NL", (await cycle.New.FindAsync<Customer>(fromOld.Id)).Country);
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = "New", Country = "BE" });
        Assert.Equal("BE", (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Country);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.Country = "DE");
        Assert.Equal("DE", (await cycle.New.FindAsync<Customer>(fromNew.Id)).Country);
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => c.Name = "Old, renamed by new");
        Assert.Equal("Old, renamed by new", (await cycle.Old.FindAsync<Customer>(fromOld.Id)).Name);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        var after = await cycle.New.InsertAsync(new Customer { Name = "After", Country = null });
        await cycle.New.UpdateAsync<Customer>(after.Id, c => c.Country = "FR");
        Assert.Equal("FR", (await cycle.New.FindAsync<Customer>(after.Id)).Country);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    [Fact]
    public async Task A_null_the_new_version_writes_before_contract_breaks_old_readers_as_the_staging_line_warns()
    {
        var plan = Staging.StagingScenario.Stage(
            Model(e => e.Property(c => c.Country).IsRequired()), Model(e => e.Property(c => c.Country).IsRequired(false)));
        Assert.Contains("the new version must not write NULL to Customers.Country before Contract", plan.Steps.Single().Reason);

        await using var cycle = await MigrationCycle.StartAsync(
            "relax_null_write", Model(e => e.Property(c => c.Country).IsRequired()), Model(e => e.Property(c => c.Country).IsRequired(false)), SeedAsync);
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);

        var nullFromNew = await cycle.New.InsertAsync(new Customer { Name = "Stateless", Country = null });

        var error = await Assert.ThrowsAsync<InvalidCastException>(() => cycle.Old.FindAsync<Customer>(nullFromNew.Id));
        Assert.Contains("Country", error.Message);
    }

    [Fact]
    public async Task Default_change_applies_to_old_inserts_from_expand_on()
    {
        await using var cycle = await MigrationCycle.StartAsync(
            "change_default", Model(e => e.Property(c => c.Status).HasDefaultValue("new")), Model(e => e.Property(c => c.Status).HasDefaultValue("pending")), SeedAsync);
        var fileNode = await cycle.Staged.FileNodeAsync("Customers");

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.Equal("'pending'::text", await cycle.Staged.ColumnDefaultAsync("Customers", "Status"));
        Assert.Equal(fileNode, await cycle.Staged.FileNodeAsync("Customers"));
        await OldWorksAsync(cycle.Old, "expanded");
        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.Equal("'new'::text", await cycle.Staged.ColumnDefaultAsync("Customers", "Status"));
        await OldWorksAsync(cycle.Old, "rolled-back");
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);

        await cycle.Staged.ExecuteAsync("""INSERT INTO "Customers" ("Name", "Country") VALUES ('raw insert', 'NL')""");
        Assert.Equal("pending", await cycle.Staged.ScalarAsync<string>("""SELECT "Status" FROM "Customers" WHERE "Name" = 'raw insert'"""));
        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = "Old", Country = "NL", Status = "gold" });
        Assert.Equal("gold", (await cycle.New.FindAsync<Customer>(fromOld.Id)).Status);
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = "New", Country = "BE", Status = "silver" });
        Assert.Equal("silver", (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Status);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.Status = "bronze");
        Assert.Equal("bronze", (await cycle.New.FindAsync<Customer>(fromNew.Id)).Status);
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => c.Status = "platinum");
        Assert.Equal("platinum", (await cycle.Old.FindAsync<Customer>(fromOld.Id)).Status);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        var after = await cycle.New.InsertAsync(new Customer { Name = "After", Country = "FR", Status = "late" });
        Assert.Equal("late", (await cycle.New.FindAsync<Customer>(after.Id)).Status);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static Action<ModelBuilder> Model(Action<EntityTypeBuilder<Customer>> configure)
        => model => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            configure(e);
        });

    private static async Task SeedAsync(AppVersion old)
    {
        await old.InsertAsync(new Customer { Name = "Ada", Country = "GB", Status = "gold" });
        await old.InsertAsync(new Customer { Name = "Grace", Country = "US", Status = "silver" });
    }

    private static async Task OldWorksAsync(AppVersion old, string marker)
    {
        var inserted = await old.InsertAsync(new Customer { Name = marker, Country = "NL", Status = "s" });
        await old.UpdateAsync<Customer>(inserted.Id, c => c.Country = marker);
        Assert.Equal(marker, (await old.FindAsync<Customer>(inserted.Id)).Country);
        Assert.Equal("GB", (await old.FindAsync<Customer>(1)).Country);
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string? Country { get; set; }

        public string Status { get; set; } = string.Empty;
    }
}
