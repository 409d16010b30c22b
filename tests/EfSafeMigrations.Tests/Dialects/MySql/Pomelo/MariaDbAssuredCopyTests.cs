using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Dialects.MySql.Harness;
using EfSafeMigrations.Tests.Running;
using static EfSafeMigrations.Tests.Catalogue.RewritingTypeChangeTests;

namespace EfSafeMigrations.Tests.Dialects.MySql.Pomelo;

/// <summary>
/// A type change MariaDB can only make by copying the table, which the developer assured (<c>.IsSafetyAssured</c>): the
/// runner asks for INSTANT, then INPLACE without locks, and only then copies, saying so; the rows keep their values.
/// </summary>
public sealed class MariaDbAssuredCopyTests
{
    [Fact]
    public async Task An_assured_type_change_copies_the_table_after_the_online_attempts_says_so_and_keeps_the_rows()
    {
        await using var cycle = await MariaDbCycle.StartAsync(
            PomeloProvider.Value,
            "my_assured_copy",
            Model("int", _ => { }),
            Model("bigint", p => p.IsSafetyAssured("the table has 200 rows")),
            async old =>
            {
                await old.InsertAsync(new Customer { Score = 7 });
                await old.InsertAsync(new Customer { Score = 42 });
            });
        var script = Assert.Single(cycle.Steps(MigrationPhase.Expand)).Sql;
        var events = new RecordingEvents();

        var stopped = await cycle.RunAsync(MigrationPhase.Expand, events: events);

        Assert.Null(stopped);
        Assert.Equal("bigint(20)", await ScoreTypeAsync(cycle));
        Assert.Equal(42L, await cycle.Staged.ScalarAsync<long>("SELECT `Score` FROM `Customers` WHERE `Id` = 2"));
        var notice = Assert.Single(events.All.OfType<MessageEvent>(), m => m.Text.Contains("copies table", StringComparison.Ordinal)).Text;
        Assert.StartsWith("changing Customers.Score copies table Customers, as assured (the table has 200 rows): writes to Customers wait until the copy ends (the server: ", notice, StringComparison.Ordinal);
        Assert.Contains("ALGORITHM=INPLACE, LOCK=NONE;", script, StringComparison.Ordinal);
        Assert.Contains("-- else, as assured: changing Customers.Score copies table Customers", script, StringComparison.Ordinal);
        Assert.Contains("ALGORITHM=COPY;", script, StringComparison.Ordinal);
        Assert.True(
            script.IndexOf("ALGORITHM=INSTANT", StringComparison.Ordinal) < script.IndexOf("LOCK=NONE", StringComparison.Ordinal)
                && script.IndexOf("LOCK=NONE", StringComparison.Ordinal) < script.IndexOf("ALGORITHM=COPY", StringComparison.Ordinal),
            script);
        Assert.DoesNotContain("else refused", script, StringComparison.Ordinal);

        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.Equal("int(11)", await ScoreTypeAsync(cycle));
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);
        await cycle.ApplyAsync(MigrationPhase.Contract);
        Assert.Equal(7L, await cycle.Staged.ScalarAsync<long>("SELECT `Score` FROM `Customers` WHERE `Id` = 1"));
        await cycle.AssertStagedEqualsPlainAsync();
    }

    private static Task<string?> ScoreTypeAsync(MariaDbCycle cycle)
        => cycle.Staged.ScalarAsync<string>(
            "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Customers' AND COLUMN_NAME = 'Score'");
}
