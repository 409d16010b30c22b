using EfSafeMigrations.Deployment;
using EfSafeMigrations.Hosting;
using EfSafeMigrations.Running.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.FeatureManagement;
using Shop;
using Shop.Previous;

namespace EfSafeMigrations.Tests.Deployment;

/// <summary>
/// A rolling deploy with real hosts: the previous release (samples/Shop.Previous, which knows only the Initial group)
/// and the new one (samples/Shop) heartbeat into the registry and read the deployment flags through
/// Microsoft.FeatureManagement while the runner applies the phases.
/// </summary>
public sealed class RollingDeployEndToEndTests
{
    [Fact]
    public async Task Contract_is_refused_while_the_previous_release_heartbeats_and_goes_ahead_once_it_stops()
    {
        await using var deployment = await ShopDeployment.CreateAsync("{}");
        await deployment.ApplyAsync(MigrationPhase.Expand, MigrationPhase.Backfill);
        using var previous = await StartAsync<PreviousShopContext>(deployment, "shop-previous", o => o.UseNpgsql(deployment.Database.ConnectionString));
        using var current = await StartAsync<ShopContext>(deployment, "shop", o => o.UseNpgsql(deployment.Database.ConnectionString).UseSafeMigrations());
        await WaitForInstancesAsync(deployment, 2);

        var refused = await deployment.RunAsync(MigrationPhase.Contract);

        Assert.Equal(ExitCodes.Refused, refused.Result.ExitCode);
        Assert.Contains(
            $"gate old-instances of CustomerDetails is closed: 1 live instance runs code older than CustomerDetails: shop-previous on {Environment.MachineName} "
            + $"(pid {Environment.ProcessId}, newest migration {ShopDeployment.InitialExpand}, last heartbeat ",
            refused.Result.Message);
        Assert.DoesNotContain("shop on", refused.Result.Message);
        Assert.DoesNotContain(ShopDeployment.Contract, await deployment.HistoryAsync());

        var contract = deployment.RunAsync(MigrationPhase.Contract, new RunnerSettings { WaitForGates = TimeSpan.FromMinutes(2) });
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(contract.IsCompleted);
        await previous.StopAsync();
        var done = await contract;

        Assert.True(done.Result.ExitCode == 0, done.Result.Message);
        Assert.Contains(done.All.OfType<WaitEvent>(), w => w.Reason.Contains("shop-previous", StringComparison.Ordinal));
        Assert.Contains(ShopDeployment.Contract, await deployment.HistoryAsync());
    }

    [Fact]
    public async Task The_new_release_sees_its_groups_flags_through_FeatureManagement_as_the_phases_are_applied()
    {
        await using var deployment = await ShopDeployment.CreateAsync("""
            { "hooks": [ { "name": "new-profile-page", "on": "after-backfill", "group": "CustomerDetails", "flag": "NewProfilePage" } ] }
            """);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<ShopContext>(o => o.UseNpgsql(deployment.Database.ConnectionString).UseSafeMigrations());
        builder.Services.AddFeatureManagement().AddSafeMigrationsFlags<ShopContext>(o => o.CacheDuration = TimeSpan.Zero);
        using var app = builder.Build();
        await app.StartAsync();
        var features = app.Services.GetRequiredService<IFeatureManager>();
        async Task<string> FlagsAsync() => string.Join(',', await Task.WhenAll(
            new[] { PhaseFlags.Expanded("CustomerDetails"), PhaseFlags.Backfilled("CustomerDetails"), PhaseFlags.Contracted("CustomerDetails"), "NewProfilePage" }
                .Select(async f => $"{f}={(await features.IsEnabledAsync(f) ? "on" : "off")}")));

        var states = new List<string> { await FlagsAsync() };
        foreach (var phase in PhaseNaming.All)
        {
            await deployment.ApplyAsync(phase);
            states.Add(await FlagsAsync());
        }

        await app.StopAsync();
        Assert.Equal(
            [
                "CustomerDetails.expanded=off,CustomerDetails.backfilled=off,CustomerDetails.contracted=off,NewProfilePage=off",
                "CustomerDetails.expanded=on,CustomerDetails.backfilled=off,CustomerDetails.contracted=off,NewProfilePage=off",
                "CustomerDetails.expanded=on,CustomerDetails.backfilled=on,CustomerDetails.contracted=off,NewProfilePage=on",
                "CustomerDetails.expanded=on,CustomerDetails.backfilled=on,CustomerDetails.contracted=on,NewProfilePage=on",
            ],
            states);
    }

    private static async Task<IHost> StartAsync<TContext>(ShopDeployment deployment, string app, Action<DbContextOptionsBuilder> configure)
        where TContext : DbContext
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<TContext>(configure);
        builder.Services.AddSafeMigrationsHeartbeat<TContext>(o => (o.App, o.Interval) = (app, TimeSpan.FromMilliseconds(300)));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task WaitForInstancesAsync(ShopDeployment deployment, int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await deployment.Database.ScalarAsync<bool>("""SELECT to_regclass('"__EFSafeMigrationsInstances"') IS NOT NULL""")
                && await deployment.Database.ScalarAsync<long>("""SELECT count(*) FROM "__EFSafeMigrationsInstances" """) == count)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{count} instances did not register within 10 s.");
    }
}
