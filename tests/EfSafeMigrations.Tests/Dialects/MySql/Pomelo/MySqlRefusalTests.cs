using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using Microsoft.EntityFrameworkCore;
using static EfSafeMigrations.Tests.Catalogue.WritersDuringPhasesTests;
using EfSafeMigrations.Tests.Dialects.MySql.Harness;

namespace EfSafeMigrations.Tests.Dialects.MySql.Pomelo;

/// <summary>Changes MariaDB can only make by copying the table: refused by the runner with the recipe, the table untouched.</summary>
public sealed class MySqlRefusalTests
{
    [Fact]
    public async Task A_check_constraint_on_an_existing_table_is_refused_with_the_recipe_and_the_table_is_left_as_it_was()
    {
        await using var cycle = await MariaDbCycle.StartAsync(
            PomeloProvider.Value,
            "my_refuse_check",
            m => Customers(m),
            m => Customers(m, e => e.ToTable("Customers", t => t.HasCheckConstraint("CK_Customers_Age", "`Age` >= 0"))),
            SeedAsync);
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);
        var before = await cycle.SchemaAsync();

        var refusal = await Assert.ThrowsAsync<RunnerRefusal>(() => cycle.RunAsync(MigrationPhase.Contract));

        Assert.Equal(ExitCodes.Refused, refusal.ExitCode);
        Assert.Contains("by copying Customers", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("ALGORITHM=INPLACE is not supported", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, MariaDbSchema.Diff(before, "before", await cycle.SchemaAsync(), "after"));
        Assert.Equal("Ada", (await cycle.Old.FindAsync<Customer>(1)).Name);
    }
}
