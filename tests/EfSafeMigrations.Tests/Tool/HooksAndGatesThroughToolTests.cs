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
}
