using System.Net;
using EfSafeMigrations.Hosting;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Running;
using EfSafeMigrations.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.FeatureManagement;
using Shop.MySql;

namespace EfSafeMigrations.Tests.Hosting.Pomelo;

/// <summary>
/// What an app on Pomelo gets in its host, on a real MariaDB: the heartbeat in the instance registry, the readiness
/// check at <c>/healthz</c> on Kestrel, and the phase flags through Microsoft.FeatureManagement, as the phases are applied.
/// </summary>
public sealed class MariaDbHostingTests
{
    private const string Instances = "SELECT COUNT(*) FROM `__EFSafeMigrationsInstances` WHERE `context` = 'Shop.MySql.MySqlShopContext'";

    [Fact]
    public async Task A_Pomelo_app_heartbeats_is_ready_once_backfilled_and_reads_the_phase_flags_as_the_phases_are_applied()
    {
        await using var database = await MariaDbDatabase.CreateAsync("hosting");
        Func<DbContext> shop = () => new MySqlShopContext(MySqlShopContext.Options(database.ConnectionString));
        Assert.Equal(0, (await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand)).Result.ExitCode);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<MySqlShopContext>(o => o.UseMySql(database.ConnectionString, MySqlShopContext.ServerVersion).UseSafeMigrations());
        builder.Services.AddSafeMigrationsHeartbeat<MySqlShopContext>(o => o.Interval = TimeSpan.FromMilliseconds(200));
        builder.Services.AddHealthChecks().AddSafeMigrationsCheck<MySqlShopContext>();
        builder.Services.AddFeatureManagement().AddSafeMigrationsFlags<MySqlShopContext>(o => o.CacheDuration = TimeSpan.Zero);
        await using var app = builder.Build();
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = (http, report) => http.Response.WriteAsync(string.Join("\n", report.Entries.Select(e => $"{e.Key}: {e.Value.Status}: {e.Value.Description}"))),
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var features = app.Services.GetRequiredService<IFeatureManager>();

        var before = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Equal(
            "safe-migrations: Unhealthy: database lacks CustomerDetails_Backfill; run `dotnet safe-migrate phase backfill`",
            await before.Content.ReadAsStringAsync());
        Assert.True(await features.IsEnabledAsync("CustomerDetails.expanded"));
        Assert.False(await features.IsEnabledAsync("CustomerDetails.backfilled"));
        await WaitForAsync(() => database.ScalarAsync<long>(Instances), count => count == 1);

        Assert.Equal(0, (await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Backfill)).Result.ExitCode);

        var after = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(
            "safe-migrations: Healthy: database has every Expand and Backfill of MySqlShopContext; pending Contract (after the rollout): CustomerDetails_Contract",
            await after.Content.ReadAsStringAsync());
        Assert.True(await features.IsEnabledAsync("CustomerDetails.backfilled"));
        Assert.False(await features.IsEnabledAsync("CustomerDetails.contracted"));

        await app.StopAsync();

        Assert.Equal(0L, await database.ScalarAsync<long>(Instances));
    }

    private static async Task WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var value = await read();
        while (!done(value))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"Still {value} after 30 s.");
            await Task.Delay(100);
            value = await read();
        }
    }
}
