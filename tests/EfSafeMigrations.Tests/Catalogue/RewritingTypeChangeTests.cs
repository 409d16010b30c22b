using EfSafeMigrations.Staging;
using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>
/// Change column type that rewrites the table: refused with the safe recipe, unless the property says
/// <c>IsSafetyAssured</c>.
/// </summary>
public sealed class RewritingTypeChangeTests
{
    [Theory]
    [InlineData("integer", "bigint")]
    [InlineData("text", "integer")]
    public void Rewriting_type_change_is_refused_naming_the_table_column_and_the_safe_recipe(string oldType, string newType)
    {
        var refused = Assert.Throws<UnsafeMigrationException>(
            () => MigrationCycle.Stage("rewrite_refused", Model(oldType, _ => { }), Model(newType, _ => { })));

        Assert.Contains("Customers.Score", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"from {oldType} to {newType}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("add a new property and column of the new type", refused.Message, StringComparison.Ordinal);
        Assert.Contains("then drop the old one", refused.Message, StringComparison.Ordinal);
        Assert.Contains("IsSafetyAssured", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Safety_assured_rewriting_type_change_is_staged_in_expand()
    {
        var plan = MigrationCycle.Stage(
            "rewrite_assured", Model("integer", _ => { }), Model("bigint", p => p.IsSafetyAssured("the table has 200 rows")));

        var alter = Assert.IsType<AlterColumnOperation>(Assert.Single(plan.Up(MigrationPhase.Expand)));
        Assert.Equal(("Customers", "Score", "bigint"), (alter.Table, alter.Name, alter.ColumnType));
        Assert.Equal("integer", Assert.IsType<AlterColumnOperation>(Assert.Single(plan.Down(MigrationPhase.Expand))).ColumnType);
        Assert.Empty(plan.Up(MigrationPhase.Backfill));
        Assert.Empty(plan.Up(MigrationPhase.Contract));
        Assert.Contains(plan.Steps, s => s.Reason.Contains("the table has 200 rows", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Safety_assured_rewriting_type_change_ends_where_plain_EF_does()
    {
        await using var cycle = await MigrationCycle.StartAsync(
            "rewrite_assured_applied",
            Model("integer", _ => { }),
            Model("bigint", p => p.IsSafetyAssured("the table has 200 rows")),
            async old =>
            {
                await old.InsertAsync(new Customer { Score = 7 });
                await old.InsertAsync(new Customer { Score = 42 });
            });

        await cycle.ApplyAsync(MigrationPhase.Expand);
        Assert.Equal("bigint", await cycle.Staged.ColumnTypeAsync("Customers", "Score"));
        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.Equal("integer", await cycle.Staged.ColumnTypeAsync("Customers", "Score"));
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);
        await cycle.ApplyAsync(MigrationPhase.Contract);
        Assert.Equal(42L, await cycle.Staged.ScalarAsync<long>("""SELECT "Score" FROM "Customers" WHERE "Id" = 2"""));

        await cycle.AssertStagedEqualsPlainAsync();
    }

    internal static Action<ModelBuilder> Model(string scoreType, Action<PropertyBuilder> configure)
        => model => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            configure(e.Property(c => c.Score).HasColumnType(scoreType));
        });

    public sealed class Customer
    {
        public int Id { get; set; }

        public int Score { get; set; }
    }
}
