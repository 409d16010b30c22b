using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// The tool driving the real runner on the sample shop's built assembly against a fresh PostgreSQL database: the status
/// table, step lines, <c>--json</c> event lines, and a stop (SIGTERM) in the middle of a backfill.
/// </summary>
public sealed class RunnerThroughToolTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Status_is_a_table_of_groups_and_phases_that_follows_an_applied_expand()
    {
        await using var database = await PostgresDatabase.CreateAsync("tool_status");

        var before = await ToolAsync(database, "status");
        Assert.True(before.ExitCode == ExitCodes.Done, before.Describe());
        Assert.Matches(@"Initial\s+│ pending\s+│ -\s+│ -", before.StandardOutput);
        Assert.Matches(@"CustomerDetails\s+│ pending\s+│ pending\s+│ pending", before.StandardOutput);

        var expand = await ToolAsync(database, "phase", "expand");
        Assert.True(expand.ExitCode == ExitCodes.Done, expand.Describe());
        Assert.Matches(@"(?m)^Expand\s+\d{14}_Initial_Expand\s+done in \d+\.\d s$", expand.StandardOutput);
        Assert.Matches(@"(?m)^Expand\s+\d{14}_CustomerDetails_Expand\s+done in \d+\.\d s$", expand.StandardOutput);

        var after = await ToolAsync(database, "status");
        Assert.True(after.ExitCode == ExitCodes.Done, after.Describe());
        Assert.Matches(@"CustomerDetails\s+│ ✓ applied\s+│ pending\s+│ pending", after.StandardOutput);
        Assert.EndsWith("pending: 0 Expand, 1 Backfill, 1 Contract.", after.StandardOutput.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_json_every_line_on_standard_output_is_an_event_and_the_last_is_the_result()
    {
        await using var database = await PostgresDatabase.CreateAsync("tool_json");

        var result = await ToolAsync(database, "phase", "expand", "--json", "--verbose");

        Assert.True(result.ExitCode == ExitCodes.Done, result.Describe());
        var events = JsonEventLines.Read(result);
        Assert.Contains(events.OfType<StepEvent>(), s => s.Status == "done" && s.MigrationId.EndsWith("_CustomerDetails_Expand", StringComparison.Ordinal));
        Assert.Contains(events.OfType<MessageEvent>(), m => m.Verbose && m.Text.StartsWith("Connection (from --connection):", StringComparison.Ordinal));
        Assert.Equal(string.Empty, result.StandardError);
    }

    [Fact]
    public async Task A_dry_run_shows_the_sql_and_changes_nothing()
    {
        await using var database = await PostgresDatabase.CreateAsync("tool_dry");

        var result = await ToolAsync(database, "phase", "expand", "--dry-run");

        Assert.True(result.ExitCode == ExitCodes.Done, result.Describe());
        Assert.Matches(@"(?m)^-- \d{14}_Initial_Expand$", result.StandardOutput);
        Assert.Contains("CREATE TABLE \"Customers\"", result.StandardOutput, StringComparison.Ordinal);
        Assert.Null(await database.ScalarAsync<string>("SELECT to_regclass('\"Customers\"')::text"));
    }

    [Fact]
    public async Task Given_the_project_with_no_build_it_finds_the_built_app_through_msbuild()
    {
        await using var database = await PostgresDatabase.CreateAsync("tool_project");

        var result = await SafeMigrateCli.RunAsync(
            ["status", "--project", Path.Combine(RepositoryPaths.Root, "samples", "Shop"), "--no-build", "--configuration", SafeMigrateCli.Configuration,
                "--connection", database.ConnectionString, "--verbose"],
            // The repository's own line switch, which MSBuild reads from the environment as a property.
            environment: new Dictionary<string, string> { ["EfCoreMajor"] = TestedLine.EfCoreMajor.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            timeout: RunTimeout);

        Assert.True(result.ExitCode == ExitCodes.Done, result.Describe());
        Assert.Contains($"Migrations assembly: {SafeMigrateCli.ShopAssembly}", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--additionalprobingpath", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"CustomerDetails\s+│ pending", result.StandardOutput);
    }

    [Fact]
    public async Task Rollback_undoes_the_expand_of_groups_whose_contract_has_not_run()
    {
        await using var database = await PostgresDatabase.CreateAsync("tool_rollback");
        Assert.Equal(ExitCodes.Done, (await ToolAsync(database, "phase", "expand")).ExitCode);

        var rollback = await ToolAsync(database, "rollback", "--to", "Initial");

        Assert.True(rollback.ExitCode == ExitCodes.Done, rollback.Describe());
        Assert.Matches(@"(?m)^Expand\s+\d{14}_CustomerDetails_Expand\s+rolled back", rollback.StandardOutput);
        var status = await ToolAsync(database, "status");
        Assert.Matches(@"Initial\s+│ ✓ applied", status.StandardOutput);
        Assert.Matches(@"CustomerDetails\s+│ pending", status.StandardOutput);
    }

    [Fact]
    public async Task Sigterm_in_the_middle_of_a_backfill_stops_it_after_a_batch_and_a_rerun_finishes_it()
    {
        await using var database = await PostgresDatabase.CreateAsync("tool_stop");
        Assert.Equal(ExitCodes.Done, (await ToolAsync(database, "phase", "expand", "--to", "Initial")).ExitCode);
        await database.ExecuteAsync("""INSERT INTO "Customers" ("Name", "Email") SELECT 'c' || g, 'c' || g || '@x' FROM generate_series(1, 20000) g""");
        Assert.Equal(ExitCodes.Done, (await ToolAsync(database, "phase", "expand")).ExitCode);

        var progressSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var running = SafeMigrateCli.Start(
            ["phase", "backfill", "--assembly", SafeMigrateCli.ShopAssembly, "--connection", database.ConnectionString, "--batch-size", "200", "--max-rows-per-second", "2000"],
            onOutputLine: line =>
            {
                if (line.StartsWith("Backfill  Customers.", StringComparison.Ordinal))
                {
                    progressSeen.TrySetResult();
                }
            });
        await progressSeen.Task.WaitAsync(RunTimeout);
        running.Terminate();
        var stopped = await running.WaitAsync(RunTimeout);

        Assert.True(stopped.ExitCode == ExitCodes.Failed, "A stopped run exits 1. " + stopped.Describe());
        Assert.Contains("Stopping: the runner finishes its current batch or step", stopped.StandardOutput, StringComparison.Ordinal);
        var filled = await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS NOT NULL""");
        Assert.InRange(filled, 1, 19_999);

        var rerun = await ToolAsync(database, "phase", "backfill");
        Assert.True(rerun.ExitCode == ExitCodes.Done, rerun.Describe());
        Assert.Equal(0L, await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS DISTINCT FROM "Email" """));
    }

    private static Task<SafeMigrateResult> ToolAsync(PostgresDatabase database, params string[] args)
        => SafeMigrateCli.RunAsync([.. args, "--assembly", SafeMigrateCli.ShopAssembly, "--connection", database.ConnectionString], timeout: RunTimeout);
}
