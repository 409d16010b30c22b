namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// README's demo, <c>bash eng/demo.sh</c>: a throwaway PostgreSQL 15, the previous release serving from the start, the
/// new one joining after Backfill, Contract refused while the previous one runs and applied once it stops, the new
/// release writing during Contract (see <see cref="DemoReport"/> for what is checked).
/// </summary>
public sealed class DemoTests
{
    [Fact]
    [Trait("Category", "EndToEnd")]
    public Task The_demo_takes_the_shop_through_the_phases_on_PostgreSQL_with_both_releases_serving_and_no_request_failing()
        => DemoReport.RunAndCheckAsync([], "PostgreSQL 15");
}
