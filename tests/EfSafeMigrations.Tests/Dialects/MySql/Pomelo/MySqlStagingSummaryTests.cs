using EfSafeMigrations.Tests.Catalogue;
using EfSafeMigrations.Tests.Dialects.MySql.Harness;

namespace EfSafeMigrations.Tests.Dialects.MySql.Pomelo;

/// <summary>
/// What <c>dotnet ef migrations add</c> prints about a staged group (one line per step: its phase and its reason), for a
/// Pomelo model: the words of what MySQL's SQL does, none of PostgreSQL's.
/// </summary>
public sealed class MySqlStagingSummaryTests
{
    [Fact]
    public void Every_catalogue_row_staged_for_Pomelo_is_summarised_in_MySQL_words()
    {
        var reasons = WritersDuringPhasesTests.Rows
            .SelectMany(row => MariaDbCycle.Stage(PomeloProvider.Value, "summary", m => MySqlCatalogueRows.Bounded(m, row.Value.Old), m => MySqlCatalogueRows.Bounded(m, row.Value.New)).Steps)
            .Select(step => $"{step.Phase}: {step.Reason}")
            .ToList();

        foreach (var postgreSql in new[] { "NOT VALID", "VALIDATE", "validates", "CONCURRENTLY", "in one transaction", "ACCESS EXCLUSIVE", "TimeZone" })
        {
            Assert.DoesNotContain(reasons, r => r.Contains(postgreSql, StringComparison.Ordinal));
        }

        Assert.Contains(
            "Expand: adds foreign key FK_Orders_Customers_CustomerId in place with foreign_key_checks off for that statement (new writes are checked at once), then counts the rows of Orders it would reject",
            reasons);
        Assert.Contains("Backfill: nothing left to check for foreign key FK_Orders_Customers_CustomerId: the rows of Orders were counted in Expand", reasons);
        Assert.Contains(reasons, r => r.StartsWith("Contract: makes Customers.Phone NOT NULL in place while writes go on (ALTER ... MODIFY", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("Contract: adds check constraint CK_Customers_Age once no old instance writes; MySQL and MariaDB add it only by copying Customers", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.EndsWith("drops the triggers, then column Customers.Name, statement by statement (each commits by itself; a NOT NULL old column gets a default first, so inserts go on between them)", StringComparison.Ordinal));
        Assert.Contains("Contract: renames table Customers to Clients as its view Clients is moved aside, in one atomic RENAME TABLE, then drops the view", reasons);
    }
}
