using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// The pipeline of the README through the real tool: a published plan deployed phase by phase with a
/// <c>safe-migrate.json</c> in the working folder, <c>status --plan --require backfilled</c> before the rollout, a
/// command hook after the backfill, an approval gate before the contract opened with <c>flag</c>.
/// </summary>
public sealed class HooksAndGatesThroughToolTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_published_plan_goes_through_its_hooks_and_gates_phase_by_phase()
    {
        await using var database = await PostgresDatabase.CreateAsync("tool_gates");
        using var work = new TempFolder("efsm-pipeline-");
        var plan = work.Combine("plan");
        await File.WriteAllTextAsync(work.Combine("safe-migrate.json"), """
            {
              "hooks": [ { "name": "record", "on": "after-backfill", "command": { "run": "/bin/sh", "args": ["-c", "echo \"$SAFE_MIGRATE_EVENT $SAFE_MIGRATE_GROUP\" >> hooks.log"] } } ],
              "gates": [ { "name": "approved", "before": "contract", "flag": "{group}.contract-approved" } ]
            }
            """);
        var written = await SafeMigrateCli.RunAsync(["plan", "--assembly", SafeMigrateCli.ShopAssembly, "--output", plan], workingDirectory: work.Path, timeout: RunTimeout);
        Assert.True(written.ExitCode == 0, written.Describe());
        Task<SafeMigrateResult> Tool(params string[] args)
            => SafeMigrateCli.RunAsync([.. args, "--plan", plan, "--connection", database.ConnectionString, "--no-color"], workingDirectory: work.Path, timeout: RunTimeout);

        Assert.Equal(0, (await Tool("phase", "expand")).ExitCode);
        var notReady = await Tool("status", "--require", "backfilled");
        Assert.True(notReady.ExitCode == ExitCodes.Refused, notReady.Describe());
        Assert.Contains("Not every group is backfilled: CustomerDetails (Backfill pending).", notReady.StandardError, StringComparison.Ordinal);

        var backfill = await Tool("phase", "backfill");
        Assert.True(backfill.ExitCode == 0, backfill.Describe());
        Assert.Matches(@"(?m)^  hook record \(after-backfill, CustomerDetails\): done in \d+\.\d s: sh exited with 0$", backfill.StandardOutput.ReplaceLineEndings("\n"));
        Assert.Equal(["after-backfill CustomerDetails"], await File.ReadAllLinesAsync(work.Combine("hooks.log")));
        var ready = await Tool("status", "--require", "backfilled");
        Assert.True(ready.ExitCode == 0, ready.Describe());
        Assert.Matches(@"(?m)^  gate approved before contract of CustomerDetails: closed: flag CustomerDetails\.contract-approved is not set", ready.StandardOutput.ReplaceLineEndings("\n"));

        var refused = await Tool("phase", "contract");
        Assert.True(refused.ExitCode == ExitCodes.Refused, refused.Describe());
        Assert.Contains("Contract refused, nothing changed: gate approved of CustomerDetails is closed", refused.StandardError, StringComparison.Ordinal);

        var approve = await Tool("flag", "CustomerDetails.contract-approved");
        Assert.True(approve.ExitCode == 0, approve.Describe());
        Assert.Contains("Flag CustomerDetails.contract-approved is on.", approve.StandardOutput, StringComparison.Ordinal);
        var contract = await Tool("phase", "contract");
        Assert.True(contract.ExitCode == 0, contract.Describe());
        Assert.Matches(@"(?m)^  gate approved before contract of CustomerDetails: open: flag CustomerDetails\.contract-approved is on$", contract.StandardOutput.ReplaceLineEndings("\n"));

        var flags = await Tool("flag");
        Assert.Matches(@"(?m)^  CustomerDetails\.contracted\s+on\s+set by phase 20261121074358_CustomerDetails_Contract at ", flags.StandardOutput.ReplaceLineEndings("\n"));
        Assert.Equal(
            "20261121074208_Initial_Expand,20261121074356_CustomerDetails_Expand,20261121074357_CustomerDetails_Backfill,20261121074358_CustomerDetails_Contract",
            await database.ScalarAsync<string>("""SELECT string_agg("MigrationId", ',' ORDER BY "MigrationId") FROM "__EFMigrationsHistory" """));
    }

    [Fact]
    public async Task Gate_output_keeps_database_host_and_user_names_readable_and_masks_only_secrets()
    {
        await using var database = await PostgresDatabase.CreateAsync("orders");
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
        using var work = new TempFolder("efsm-names-");
        var plan = work.Combine("plan");
        await File.WriteAllTextAsync(work.Combine("safe-migrate.json"), """
            {
              "gates": [ { "name": "ready", "before": "expand", "command": { "run": "/bin/sh",
                "args": ["-c", "echo \"$DB on $HOST as $USER_NAME with $API_TOKEN\"; test -f open"],
                "env": { "DB": "${EFSM_NAMES_DATABASE}", "HOST": "${EFSM_NAMES_HOST}", "USER_NAME": "${EFSM_NAMES_USER}", "API_TOKEN": "${EFSM_NAMES_API_TOKEN}" } } } ]
            }
            """);
        var environment = new Dictionary<string, string>
        {
            ["EFSM_NAMES_DATABASE"] = database.Name,
            ["EFSM_NAMES_HOST"] = connection.Host!,
            ["EFSM_NAMES_USER"] = connection.Username!,
            ["EFSM_NAMES_API_TOKEN"] = "tok-" + Guid.NewGuid().ToString("N")[..12],
        };
        var written = await SafeMigrateCli.RunAsync(["plan", "--assembly", SafeMigrateCli.ShopAssembly, "--output", plan], workingDirectory: work.Path, timeout: RunTimeout);
        Assert.True(written.ExitCode == 0, written.Describe());
        Task<SafeMigrateResult> Tool(params string[] args)
            => SafeMigrateCli.RunAsync([.. args, "--plan", plan, "--connection", database.ConnectionString, "--no-color"], environment, work.Path, RunTimeout);

        var refused = await Tool("phase", "expand");
        Assert.True(refused.ExitCode == ExitCodes.Refused, refused.Describe());
        Assert.Contains($"{database.Name} on {connection.Host} as {connection.Username} with ***", refused.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(environment["EFSM_NAMES_API_TOKEN"], refused.AllOutput, StringComparison.Ordinal);

        await File.WriteAllTextAsync(work.Combine("open"), string.Empty);
        Assert.Equal(0, (await Tool("phase", "expand")).ExitCode);
        Assert.Equal(0, (await Tool("phase", "backfill")).ExitCode);
        var contract = await Tool("phase", "contract");
        Assert.True(contract.ExitCode == 0, contract.Describe());
        Assert.Matches(@"(?m)^  gate old-instances before contract of CustomerDetails: open: no app instance reports a heartbeat$", contract.StandardOutput.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("***", contract.AllOutput, StringComparison.Ordinal);
    }
}
