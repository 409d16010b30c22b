namespace EfSafeMigrations.Tests.Build.OracleMySql;

/// <summary>
/// An app on Oracle's MySql.EntityFrameworkCore on the EF Core 10 line, as its user gets the product: a fresh app consumes
/// the packed EfSafeMigrations from a folder feed, <c>dotnet ef</c> 10 writes the staged group, and the installed
/// <c>dotnet safe-migrate</c> applies expand, backfill (killed with SIGKILL half way, then resumed by the same command)
/// and contract to a real MariaDB database (<see cref="MySqlAppEndToEnd"/>).
/// </summary>
[Collection(BuildPackageFeedCollection.Name)]
public sealed class OracleMySqlAppEndToEndTests(BuildPackageFeed feed)
{
    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task An_Oracle_MySQL_provider_app_stages_a_change_with_dotnet_ef_10_and_the_installed_tool_deploys_its_phases_to_MariaDB_resuming_a_killed_backfill()
        => await new MySqlAppEndToEnd(feed, "MySql.EntityFrameworkCore", "10.0.12", "UseMySQL({0})").RunAsync("oracle_mysql");
}
