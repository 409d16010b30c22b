using System.Net;
using EfSafeMigrations.Hosting;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Running;
using EfSafeMigrations.Tests.Running.Fixtures;
using EfSafeMigrations.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop;

namespace EfSafeMigrations.Tests.Hosting;

/// <summary>The staged-migrations health check, served by a real ASP.NET Core app on Kestrel and asked over HTTP.</summary>
public sealed class SafeMigrationsHealthCheckTests
{
    [Fact]
    public async Task Unhealthy_until_the_backfill_is_applied_then_healthy_with_the_contract_still_pending()
    {
        await using var database = await PostgresDatabase.CreateAsync("health");
        Func<ShopContext> shop = () => new ShopContext(ShopContext.Options(database.ConnectionString));
        Assert.Equal(0, (await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand)).Result.ExitCode);
        await using var app = await StartAppAsync(services => services.AddDbContext<ShopContext>(o => o.UseNpgsql(database.ConnectionString).UseSafeMigrations()), h => h.AddSafeMigrationsCheck<ShopContext>());
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var before = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Equal(
            "safe-migrations: Unhealthy: database lacks CustomerDetails_Backfill; run `dotnet safe-migrate phase backfill`",
            await before.Content.ReadAsStringAsync());

        Assert.Equal(0, (await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Backfill)).Result.ExitCode);

        var after = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(
            "safe-migrations: Healthy: database has every Expand and Backfill of ShopContext; pending Contract (after the rollout): CustomerDetails_Contract",
            await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_empty_database_lacks_every_expand_and_backfill_and_the_check_says_which_phases_to_run()
    {
        await using var database = await PostgresDatabase.CreateAsync("health");
        await using var app = await StartAppAsync(
            services => services.AddDbContextFactory<RunnerFixtureContext>(o => o.UseNpgsql(database.ConnectionString).UseSafeMigrations()),
            h => h.AddSafeMigrationsCheck<RunnerFixtureContext>("schema", tags: ["ready"]));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var response = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(
            "schema: Unhealthy: database lacks Base, Label_Expand, Label_Backfill, Extra_Expand; run `dotnet safe-migrate phase expand`, then `dotnet safe-migrate phase backfill`",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unreachable_database_is_unhealthy_with_the_error_and_without_the_password()
    {
        var port = ClosedPort.Next();
        var connectionString = $"Host=127.0.0.1;Port={port};Database=shop;Username=app;Password=Secret-Pass-9;Timeout=5";
        await using var app = await StartAppAsync(
            services => services.AddDbContext<ShopContext>(o => o.UseNpgsql(connectionString).UseSafeMigrations()),
            h => h.AddSafeMigrationsCheck<ShopContext>(),
            (report, entry) => entry.Exception?.Message ?? "(no exception)");
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var response = await http.GetAsync("/healthz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith("safe-migrations: Unhealthy: cannot read the migration history of ShopContext: NpgsqlException: Failed to connect to 127.0.0.1:" + port, body);
        Assert.DoesNotContain("Secret-Pass-9", body);
        Assert.DoesNotContain("(no exception)", body);
    }

    /// <summary>
    /// Starts an app on Kestrel (127.0.0.1, a free port) with the checks at <c>/healthz</c>, each written as
    /// <c>name: status: description</c> (then, when asked, one more line per check).
    /// </summary>
    private static async Task<WebApplication> StartAppAsync(
        Action<IServiceCollection> services,
        Action<IHealthChecksBuilder> checks,
        Func<Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReportEntry, string>? extra = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        services(builder.Services);
        checks(builder.Services.AddHealthChecks());
        var app = builder.Build();
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = (http, report) => http.Response.WriteAsync(string.Join(
                "\n",
                report.Entries.Select(e => $"{e.Key}: {e.Value.Status}: {e.Value.Description}" + (extra == null ? string.Empty : "\n" + extra(report, e.Value))))),
        });
        await app.StartAsync();
        return app;
    }
}
