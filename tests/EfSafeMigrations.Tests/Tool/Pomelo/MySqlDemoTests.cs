using EfSafeMigrations.Tests.Design.EndToEnd;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Tool.Pomelo;

/// <summary>
/// README's MySQL demo, <c>bash eng/demo.sh --mysql</c>, run as a reader runs it (with 5,000 customers rather than 50,000,
/// to keep the run short): the shop's MySQL builds on a throwaway MariaDB 10.11, the previous release serving from the
/// start, the new one joining after Backfill, Contract refused while the previous one runs and applied once it stops.
/// What a reader checks is its last table: every phase served by the versions that run then, no request failed and no
/// read was wrong; and the closing check of the final schema and of every email written under load. The demo builds
/// the shop's MySQL builds on the EF Core 9 line, so this runs with that line's tests (the Pomelo folders).
/// </summary>
public sealed class MySqlDemoTests
{
    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task The_MySQL_demo_takes_the_shop_through_the_phases_on_MariaDB_with_both_releases_serving_and_no_request_failing()
    {
        var demo = await DotnetCli.RunProgramAsync(
            "bash",
            "bash",
            RepositoryPaths.Root,
            ["eng/demo.sh", "--mysql"],
            new Dictionary<string, string> { ["DEMO_CUSTOMERS"] = "5000" },
            [],
            TimeSpan.FromMinutes(20));

        Assert.True(demo.Succeeded, demo.Describe());
        Assert.Contains("1. A throwaway MariaDB 10.11", demo.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("refused by the old-instance gate", demo.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("exit code 3, nothing changed: both releases keep serving", demo.StandardOutput, StringComparison.Ordinal);
        DemoReport.AssertEveryPhaseServedWithoutFailure(demo);
        Assert.Matches(
            @"Demo OK on MariaDB 10\.11 .*CustomerDetails went expand -> backfill -> contract under load, no request failed; \d+ customers and \d+ orders kept, "
            + @"all \d+ emails now in EmailAddress \(\d+ written under load, each as its writer left it\); Email and Phone gone, indexes valid, foreign key validated, no triggers left",
            demo.StandardOutput);
    }
}
