using EfSafeMigrations.Deployment.Configuration;
using EfSafeMigrations.Planning;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Running;
using EfSafeMigrations.Tests.Tool;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Shop;

namespace EfSafeMigrations.Tests.Deployment;

/// <summary>A published plan deployed with hooks and gates: the same semantics as the runner in the app.</summary>
public sealed class PlanDeploymentHookTests
{
    [Fact]
    public async Task A_plan_deploy_runs_hooks_sets_phase_flags_and_is_refused_by_a_closed_gate()
    {
        using var plan = new TempFolder("efsm-plan-");
        await using (var offline = new ShopContext(ShopContext.Options("Host=127.0.0.1;Port=1;Database=none;Username=x;Password=y")))
        {
            var generator = (EfSafeMigrations.Sql.SafeMigrationsSqlGenerator)offline.GetService<IMigrationsSqlGenerator>();
            PlanWriter.Write(offline, generator, plan.Path);
        }

        await using var deployment = await ShopDeployment.CreateAsync("""
            {
              "hooks": [ { "name": "record", "on": "after-backfill", "command": { "run": "/bin/sh", "args": ["-c", "echo \"$SAFE_MIGRATE_GROUP $SAFE_MIGRATE_MIGRATION\" >> deployed.txt"] } } ],
              "gates": [ { "name": "approved", "before": "contract", "flag": "{group}.contract-approved" } ]
            }
            """);
        var config = DeploymentConfigReader.Read(deployment.ConfigFile);

        async Task<RecordingEvents> DeployAsync(MigrationPhase phase)
        {
            var events = new RecordingEvents();
            await using var connection = new NpgsqlConnection(deployment.Database.ConnectionString);
            await new PlanDeployer(connection, PlanReader.Read(plan.Path), new RunnerSettings(), events, config).PhaseAsync(phase, null, dryRun: false, CancellationToken.None);
            return events;
        }

        Assert.Equal(0, (await DeployAsync(MigrationPhase.Expand)).Result.ExitCode);
        Assert.Equal(0, (await DeployAsync(MigrationPhase.Backfill)).Result.ExitCode);
        var refused = await DeployAsync(MigrationPhase.Contract);

        Assert.Equal([$"CustomerDetails {ShopDeployment.Backfill}"], await File.ReadAllLinesAsync(deployment.Folder.Combine("deployed.txt")));
        Assert.Equal("CustomerDetails.backfilled=on,CustomerDetails.expanded=on,Initial.expanded=on", await deployment.FlagsAsync());
        Assert.Equal(ExitCodes.Refused, refused.Result.ExitCode);
        Assert.StartsWith("Contract refused, nothing changed: gate approved of CustomerDetails is closed", refused.Result.Message);
        Assert.DoesNotContain(ShopDeployment.Contract, await deployment.HistoryAsync());
    }
}
