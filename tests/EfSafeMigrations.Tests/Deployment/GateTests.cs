using System.Net;
using EfSafeMigrations.Deployment;
using EfSafeMigrations.Dialects.PostgreSql;
using EfSafeMigrations.Running.Protocol;
using Npgsql;

namespace EfSafeMigrations.Tests.Deployment;

/// <summary>Gates, checked before a phase changes anything.</summary>
public sealed class GateTests
{
    private const string ApprovalGate = """
        { "gates": [ { "name": "approved", "before": "contract", "flag": "{group}.contract-approved" } ] }
        """;

    [Fact]
    public async Task A_flag_gate_refuses_the_contract_with_nothing_changed_until_the_flag_is_on()
    {
        await using var deployment = await ShopDeployment.CreateAsync(ApprovalGate);
        await deployment.ApplyAsync(MigrationPhase.Expand, MigrationPhase.Backfill);

        var refused = await deployment.RunAsync(MigrationPhase.Contract);
        Assert.Equal(ExitCodes.Refused, refused.Result.ExitCode);
        Assert.Equal(
            "Contract refused, nothing changed: gate approved of CustomerDetails is closed: flag CustomerDetails.contract-approved is not set; "
            + "set it with `dotnet safe-migrate flag CustomerDetails.contract-approved` when it should pass. Open the gate, or pass --wait 10m to wait for it.",
            refused.Result.Message);
        Assert.DoesNotContain(ShopDeployment.Contract, await deployment.HistoryAsync());
        Assert.Equal([("approved", false), ("old-instances", true)], refused.All.OfType<GateEvent>().Select(g => (g.Gate, g.Passed)));

        var approve = await deployment.SetFlagAsync("CustomerDetails.contract-approved");
        Assert.Equal((0, "Flag CustomerDetails.contract-approved is on."), (approve.Result.ExitCode, approve.Result.Message));
        Assert.StartsWith("flag set by ", Assert.Single(approve.All.OfType<FlagStatusEvent>()).SetBy);
        var contract = await deployment.RunAsync(MigrationPhase.Contract);

        Assert.Equal(0, contract.Result.ExitCode);
        Assert.Contains(ShopDeployment.Contract, await deployment.HistoryAsync());
        Assert.All(contract.All.OfType<GateEvent>(), g => Assert.True(g.Passed));
    }

    [Fact]
    public async Task Waiting_for_gates_rechecks_until_the_gate_opens()
    {
        await using var deployment = await ShopDeployment.CreateAsync(ApprovalGate);
        await deployment.ApplyAsync(MigrationPhase.Expand, MigrationPhase.Backfill);

        var approve = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            await deployment.SetFlagAsync("CustomerDetails.contract-approved");
        });
        var contract = await deployment.RunAsync(MigrationPhase.Contract, new RunnerSettings { WaitForGates = TimeSpan.FromMinutes(2) });
        await approve;

        Assert.Equal(0, contract.Result.ExitCode);
        Assert.Contains(contract.All.OfType<WaitEvent>(), w => w.Reason.Contains("gate approved of CustomerDetails is closed", StringComparison.Ordinal));
        Assert.Equal([false, true], contract.All.OfType<GateEvent>().Where(g => g.Gate == "approved").Select(g => g.Passed));
    }

    [Fact]
    public async Task An_http_gate_passes_only_on_a_success_status()
    {
        await using var receiver = new WebhookReceiver(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        await using var deployment = await ShopDeployment.CreateAsync($$"""
            { "gates": [ { "name": "canary", "before": "backfill", "http": { "url": "{{receiver.Url}}" } } ] }
            """);
        await deployment.ApplyAsync(MigrationPhase.Expand);

        var refused = await deployment.RunAsync(MigrationPhase.Backfill);
        var backfill = await deployment.RunAsync(MigrationPhase.Backfill);

        Assert.Equal(ExitCodes.Refused, refused.Result.ExitCode);
        Assert.Contains($"gate canary of CustomerDetails is closed: GET {receiver.Url}: 503 Service Unavailable", refused.Result.Message);
        Assert.Equal(0, backfill.Result.ExitCode);
        Assert.Equal(["GET", "GET"], receiver.Received.Select(r => r.Method));
        Assert.Equal("CustomerDetails", receiver.Received[0].Headers["X-SafeMigrate-Group"]);
    }

    [Fact]
    public async Task The_contract_gate_refuses_while_a_live_instance_runs_older_code_ignores_new_and_silent_ones_and_forgets_long_dead_ones()
    {
        await using var deployment = await ShopDeployment.CreateAsync("{}");
        await deployment.ApplyAsync(MigrationPhase.Expand, MigrationPhase.Backfill);
        await using var connection = new NpgsqlConnection(deployment.Database.ConnectionString);
        await connection.OpenAsync();
        var registry = new InstanceRegistry(connection, new PostgreSqlDeploymentSql());
        await registry.EnsureCreatedAsync(default);
        var shop = typeof(Shop.ShopContext).FullName!;
        await registry.HeartbeatAsync(new InstanceRow("old-1", "web-a", 4242, "Shop", shop, ShopDeployment.InitialExpand, DateTimeOffset.UtcNow, 0), default);
        await registry.HeartbeatAsync(new InstanceRow("new-1", "web-b", 4343, "Shop", shop, ShopDeployment.Contract, DateTimeOffset.UtcNow, 0), default);
        await registry.HeartbeatAsync(new InstanceRow("gone-1", "web-c", 4444, "Shop", shop, ShopDeployment.InitialExpand, DateTimeOffset.UtcNow, 0), default);
        await registry.HeartbeatAsync(new InstanceRow("other-1", "worker", 4545, "Billing", "Billing.BillingContext", "20200101000000_Old", DateTimeOffset.UtcNow, 0), default);
        await registry.HeartbeatAsync(new InstanceRow("killed-1", "web-d", 4646, "Shop", shop, ShopDeployment.InitialExpand, DateTimeOffset.UtcNow, 0), default);
        await deployment.Database.ExecuteAsync("""UPDATE "__EFSafeMigrationsInstances" SET heartbeat_at = now() - interval '5 minutes' WHERE instance_id = 'gone-1'""");
        await deployment.Database.ExecuteAsync("""UPDATE "__EFSafeMigrationsInstances" SET heartbeat_at = now() - interval '2 hours' WHERE instance_id = 'killed-1'""");

        var refused = await deployment.RunAsync(MigrationPhase.Contract);

        Assert.Equal(ExitCodes.Refused, refused.Result.ExitCode);
        Assert.StartsWith(
            "Contract refused, nothing changed: gate old-instances of CustomerDetails is closed: 1 live instance runs code older than CustomerDetails: "
            + $"Shop on web-a (pid 4242, newest migration {ShopDeployment.InitialExpand}, last heartbeat ",
            refused.Result.Message);
        Assert.EndsWith("Finish the rollout of the new version (stop the old instances) first, or pass --wait 10m to wait for them.", refused.Result.Message);
        Assert.DoesNotContain(ShopDeployment.Contract, await deployment.HistoryAsync());
        Assert.Equal("gone-1,killed-1,new-1,old-1,other-1", await InstanceIdsAsync(deployment));

        await registry.RemoveAsync("old-1", default);
        var contract = await deployment.RunAsync(MigrationPhase.Contract);

        Assert.Equal(0, contract.Result.ExitCode);
        Assert.Equal("the live instance runs code that knows CustomerDetails", Assert.Single(contract.All.OfType<GateEvent>()).Detail);

        // The refusal changed nothing; the run that went ahead forgot the instance silent for ten heartbeat timeouts.
        Assert.Equal("gone-1,new-1,other-1", await InstanceIdsAsync(deployment));
    }

    [Fact]
    public async Task A_dry_run_reports_closed_gates_without_refusing_or_changing_anything()
    {
        await using var deployment = await ShopDeployment.CreateAsync(ApprovalGate);
        await deployment.ApplyAsync(MigrationPhase.Expand, MigrationPhase.Backfill);

        var dryRun = await deployment.RunAsync(MigrationPhase.Contract, dryRun: true);

        Assert.Equal(0, dryRun.Result.ExitCode);
        Assert.Equal("Dry run: 1 Contract migrations would be applied once 1 closed gates open; nothing was changed.", dryRun.Result.Message);
        Assert.DoesNotContain(ShopDeployment.Contract, await deployment.HistoryAsync());
    }

    private static Task<string?> InstanceIdsAsync(ShopDeployment deployment)
        => deployment.Database.ScalarAsync<string>("""SELECT string_agg(instance_id, ',' ORDER BY instance_id) FROM "__EFSafeMigrationsInstances" """);
}
