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
    public Task The_MySQL_demo_takes_the_shop_through_the_phases_on_MariaDB_with_both_releases_serving_and_no_request_failing()
        => DemoReport.RunAndCheckAsync(["--mysql"], "MariaDB 10.11");
}
