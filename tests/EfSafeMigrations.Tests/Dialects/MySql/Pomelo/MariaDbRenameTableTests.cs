using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;
using static EfSafeMigrations.Tests.Catalogue.WritersDuringPhasesTests;
using EfSafeMigrations.Tests.Dialects.MySql.Harness;

namespace EfSafeMigrations.Tests.Dialects.MySql.Pomelo;

/// <summary>
/// A renamed table on MariaDB: a view of the new name over the table from Expand, then in Contract one atomic
/// <c>RENAME TABLE</c> that moves the view aside as the table takes the name, so the NEW version, writing all through
/// Contract, never finds the name missing.
/// </summary>
public sealed class MariaDbRenameTableTests
{
    [Fact]
    public async Task Both_versions_write_through_every_phase_and_the_table_ends_under_its_new_name_with_its_rows()
    {
        await using var cycle = await MariaDbCycle.StartAsync(
            PomeloProvider.Value,
            "my_rename_table",
            m => MySqlCatalogueRows.Bounded(m, o => Customers(o)),
            m => MySqlCatalogueRows.Bounded(m, n => Customers(n, e => e.ToTable("Clients"))),
            SeedAsync);
        var workload = new Workload(cycle.Old, cycle.New);

        var problems = await PhasesUnderLoad.RunAsync(cycle.Old, cycle.New, (phase, pause) => cycle.ApplyAsync(phase, pause), workload.IterationAsync);

        PhasesUnderLoad.AssertNone(problems);
        var schema = await cycle.SchemaAsync();
        Assert.Empty(schema.OursLeftOver);
        Assert.DoesNotContain(schema.Lines, l => l.StartsWith("view ", StringComparison.Ordinal) || l.Contains(" Customers.", StringComparison.Ordinal));
        Assert.Contains("column Clients.Name varchar(200) NOT NULL", schema.Lines);
        Assert.Equal("Ada", (await cycle.New.FindAsync<Customer>(1)).Name);
        Assert.True(await cycle.Staged.ScalarAsync<long>("SELECT COUNT(*) FROM `Clients`") > 2);
    }
}
