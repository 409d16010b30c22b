using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tests.Deployment;

/// <summary>The flags the runner keeps in step with EF Core's history, and flags set by hooks.</summary>
public sealed class PhaseFlagTests
{
    [Fact]
    public async Task Each_phase_turns_its_groups_flag_on_and_a_rollback_turns_it_off()
    {
        await using var deployment = await ShopDeployment.CreateAsync("{}");

        await deployment.ApplyAsync(MigrationPhase.Expand);
        Assert.Equal("CustomerDetails.expanded=on,Initial.expanded=on", await deployment.FlagsAsync());
        await deployment.ApplyAsync(MigrationPhase.Backfill);
        Assert.Equal("CustomerDetails.backfilled=on,CustomerDetails.expanded=on,Initial.expanded=on", await deployment.FlagsAsync());

        var rollback = await deployment.RollbackAsync();
        Assert.Equal(0, rollback.Result.ExitCode);
        Assert.Equal("CustomerDetails.backfilled=off,CustomerDetails.expanded=off,Initial.expanded=on", await deployment.FlagsAsync());
        Assert.Equal(
            $"rollback {ShopDeployment.Expand}",
            await deployment.Database.ScalarAsync<string>("""SELECT set_by FROM "__EFSafeMigrationsFlags" WHERE name = 'CustomerDetails.expanded'"""));

        await deployment.ApplyAsync(MigrationPhase.Expand, MigrationPhase.Backfill, MigrationPhase.Contract);
        Assert.Equal(
            "CustomerDetails.backfilled=on,CustomerDetails.contracted=on,CustomerDetails.expanded=on,Initial.expanded=on",
            await deployment.FlagsAsync());
        Assert.Equal(
            $"phase {ShopDeployment.Expand}",
            await deployment.Database.ScalarAsync<string>("""SELECT set_by FROM "__EFSafeMigrationsFlags" WHERE name = 'CustomerDetails.expanded'"""));
    }

    [Fact]
    public async Task A_flag_hook_sets_a_named_flag_for_its_group()
    {
        await using var deployment = await ShopDeployment.CreateAsync("""
            {
              "hooks": [
                { "name": "enable-details", "on": "after-backfill", "flag": "{group}.new-details-page" },
                { "name": "legacy-off", "on": "after-backfill", "group": "CustomerDetails", "flag": { "name": "LegacyEmailColumn", "enabled": false } }
              ]
            }
            """);

        await deployment.ApplyAsync(MigrationPhase.Expand, MigrationPhase.Backfill);

        Assert.Equal(
            "CustomerDetails.backfilled=on,CustomerDetails.expanded=on,CustomerDetails.new-details-page=on,Initial.expanded=on,LegacyEmailColumn=off",
            await deployment.FlagsAsync());
        Assert.Equal(
            "hook enable-details",
            await deployment.Database.ScalarAsync<string>("""SELECT set_by FROM "__EFSafeMigrationsFlags" WHERE name = 'CustomerDetails.new-details-page'"""));
    }
}
