namespace EfSafeMigrations.Tests.Build.Pomelo;

/// <summary>
/// A Pomelo user's app on the EF Core 9 line, as they get the product: a fresh app on Pomelo 9 consumes the packed
/// EfSafeMigrations from a folder feed, <c>dotnet ef</c> 9 writes the staged group, and the installed
/// <c>dotnet safe-migrate</c> applies expand, backfill (killed with SIGKILL half way, then resumed by the same command)
/// and contract to a real MariaDB database (<see cref="MySqlAppEndToEnd"/>).
/// </summary>
[Collection(BuildPackageFeedCollection.Name)]
public sealed class PomeloAppEndToEndTests(BuildPackageFeed feed)
{
    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task A_Pomelo_app_stages_a_change_with_dotnet_ef_9_and_the_installed_tool_deploys_its_phases_to_MariaDB_resuming_a_killed_backfill()
        => await new MySqlAppEndToEnd(
                feed, "Pomelo.EntityFrameworkCore.MySql", "9.0.0", "UseMySql({0}, new MariaDbServerVersion(new Version(10, 11)))")
            .RunAsync("pomelo");
}
