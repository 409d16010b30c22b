using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// `rollback --plan DIR`: the deploy job that holds only the published plan and the tool rolls back the groups in flight
/// from the plan's rollback scripts, as the runner in the app does.
/// </summary>
public sealed class PlanRollbackThroughToolTests : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);
    private readonly TempFolder _folder = new("efsm-plan-rollback-");

    private string PlanFolder => _folder.Combine("safe-migrations");

    public async Task InitializeAsync()
    {
        var written = await SafeMigrateCli.RunAsync(["plan", "--assembly", SafeMigrateCli.ShopAssembly, "--output", PlanFolder]);
        Assert.True(written.ExitCode == ExitCodes.Done, written.Describe());
        Assert.Matches(@"(?m)^Expand\s+\d{14}_CustomerDetails_Expand\s+CustomerDetails/expand\.sql\s+\(\d+ steps\)\s+rollback: CustomerDetails/expand\.rollback\.sql", written.StandardOutput);
        Assert.Contains("2 rollback scripts", written.StandardOutput, StringComparison.Ordinal);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Rollback_from_the_plan_after_backfill_leaves_schema_data_history_and_runner_state_as_before_the_expand()
    {
        await using var database = await PostgresDatabase.CreateAsync("plan_rollback");
        await SucceedsAsync(database, "phase", "expand", "--to", "Initial");
        await database.ExecuteAsync("""INSERT INTO "Customers" ("Name", "Email") SELECT 'c' || g, 'c' || g || '@x' FROM generate_series(1, 3000) g""");
        var beforeExpand = await SchemaDataHistoryAndStateAsync(database);
        await SucceedsAsync(database, "phase", "expand");
        await SucceedsAsync(database, "phase", "backfill");
        Assert.Equal(0L, await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS NULL"""));

        var rollback = await PlanAsync(database, "rollback");

        Assert.True(rollback.ExitCode == ExitCodes.Done, rollback.Describe());
        Assert.Matches(@"(?m)^Backfill\s+\d{14}_CustomerDetails_Backfill\s+rolled back", rollback.StandardOutput);
        Assert.Matches(@"(?m)^Expand\s+\d{14}_CustomerDetails_Expand\s+rolled back", rollback.StandardOutput);
        Assert.Contains("Rolled back CustomerDetails from the plan.", rollback.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(beforeExpand, await SchemaDataHistoryAndStateAsync(database));
        Assert.Equal("20261121074208_Initial_Expand", await database.ScalarAsync<string>("""SELECT string_agg("MigrationId", ',') FROM "__EFMigrationsHistory" """));

        // The way forward again from there: the group expands as if it never had.
        await SucceedsAsync(database, "phase", "expand");
        Assert.Equal(3000L, await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS NULL"""));
    }

    [Fact]
    public async Task Rollback_to_a_migration_from_the_plan_undoes_only_the_expand_of_the_groups_after_it()
    {
        await using var database = await PostgresDatabase.CreateAsync("plan_rollback");
        await SucceedsAsync(database, "phase", "expand", "--to", "Initial");
        var beforeExpand = await SchemaDataHistoryAndStateAsync(database);
        await SucceedsAsync(database, "phase", "expand");

        var dryRun = await PlanAsync(database, "rollback", "--to", "Initial", "--dry-run");

        Assert.True(dryRun.ExitCode == ExitCodes.Done, dryRun.Describe());
        Assert.Contains("-- EfSafeMigrations rollback: 20261121074356_CustomerDetails_Expand (Expand)", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Dry run: 1 migrations would be rolled back; nothing was changed.", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.NotEqual(beforeExpand, await SchemaDataHistoryAndStateAsync(database));

        var rollback = await PlanAsync(database, "rollback", "--to", "Initial");

        Assert.True(rollback.ExitCode == ExitCodes.Done, rollback.Describe());
        Assert.Equal(beforeExpand, await SchemaDataHistoryAndStateAsync(database));
        var status = await PlanAsync(database, "status");
        Assert.Matches(@"Initial\s+│ ✓ applied", status.StandardOutput);
        Assert.Matches(@"CustomerDetails\s+│ pending", status.StandardOutput);
    }

    [Fact]
    public async Task A_changed_rollback_script_is_refused_with_exit_code_3_and_nothing_changed()
    {
        await using var database = await PostgresDatabase.CreateAsync("plan_rollback");
        await SucceedsAsync(database, "phase", "expand");
        var before = await DatabaseChecksum.OfAsync(database.ConnectionString);
        var script = Path.Combine(PlanFolder, "CustomerDetails", "expand.rollback.sql");
        File.AppendAllText(script, "DROP TABLE \"Orders\";\n");

        var refused = await PlanAsync(database, "rollback");

        Assert.True(refused.ExitCode == ExitCodes.Refused, "Expected exit code 3. " + refused.Describe());
        Assert.Contains("CustomerDetails/expand.rollback.sql does not match the checksum in the manifest", refused.AllOutput, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseChecksum.OfAsync(database.ConnectionString));
    }

    [Fact]
    public async Task After_the_contract_a_rollback_from_the_plan_is_refused_with_exit_code_3_and_nothing_changed()
    {
        await using var database = await PostgresDatabase.CreateAsync("plan_rollback");
        foreach (var phase in new[] { "expand", "backfill", "contract" })
        {
            await SucceedsAsync(database, "phase", phase);
        }

        var before = await DatabaseChecksum.OfAsync(database.ConnectionString);

        var refused = await PlanAsync(database, "rollback", "--to", "Initial");

        Assert.True(refused.ExitCode == ExitCodes.Refused, "Expected exit code 3. " + refused.Describe());
        Assert.Contains("Cannot roll back CustomerDetails: all its phases have run", refused.AllOutput, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseChecksum.OfAsync(database.ConnectionString));
    }

    /// <summary>
    /// The checksum of the catalogue and of every row, the deployment flags and app instances left out: a rollback turns
    /// the group's flags off (that is what tells the app), and a flag row says when and by what it was set.
    /// </summary>
    private static async Task<string> SchemaDataHistoryAndStateAsync(PostgresDatabase database)
        => string.Join('\n', (await DatabaseChecksum.OfAsync(database.ConnectionString)).Split('\n')
            .Where(line => !line.StartsWith("rows of public.\"__EFSafeMigrationsFlags\"", StringComparison.Ordinal)
                && !line.StartsWith("rows of public.\"__EFSafeMigrationsInstances\"", StringComparison.Ordinal)));

    private async Task SucceedsAsync(PostgresDatabase database, params string[] args)
    {
        var result = await PlanAsync(database, args);
        Assert.True(result.ExitCode == ExitCodes.Done, result.Describe());
    }

    private Task<SafeMigrateResult> PlanAsync(PostgresDatabase database, params string[] args)
        => SafeMigrateCli.RunAsync([.. args, "--plan", PlanFolder, "--connection", database.ConnectionString, "--no-color"], timeout: RunTimeout);
}
