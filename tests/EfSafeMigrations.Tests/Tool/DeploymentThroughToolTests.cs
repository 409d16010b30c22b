using EfSafeMigrations.Deployment;
using EfSafeMigrations.Deployment.Configuration;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Deployment.Configuration;
using EfSafeMigrations.Tests.TestInfrastructure;
using Npgsql;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// The deployment side of the tool on the sample shop against a fresh PostgreSQL database: <c>status --require</c> as a
/// pipeline's check before the new app version rolls out, the flags and app instances <c>status</c> shows, and
/// <c>safe-migrate.json</c> found, read and refused before anything changes.
/// </summary>
public sealed class DeploymentThroughToolTests
{
    private const string ShopContextType = "Shop.ShopContext";
    private const string CustomerDetailsExpand = "20261121074356_CustomerDetails_Expand";
    private const string CustomerDetailsContract = "20261121074358_CustomerDetails_Contract";
    private const string InitialExpand = "20261121074208_Initial_Expand";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Status_require_backfilled_refuses_until_every_group_is_backfilled_and_says_what_to_run()
    {
        await using var database = await PostgresDatabase.CreateAsync("tool_require");

        var fresh = await ToolAsync(database, "status", "--require", "backfilled");
        Assert.True(fresh.ExitCode == ExitCodes.Refused, fresh.Describe());
        Assert.Contains(
            "Refused: Not every group is backfilled: Initial (Expand pending), CustomerDetails (Expand and Backfill pending). "
            + "Run 'dotnet safe-migrate phase expand', then 'dotnet safe-migrate phase backfill'.",
            fresh.StandardError,
            StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Done, (await ToolAsync(database, "phase", "expand")).ExitCode);
        var expanded = await ToolAsync(database, "status", "--require", "backfilled");
        Assert.True(expanded.ExitCode == ExitCodes.Refused, expanded.Describe());
        Assert.Contains(
            "Not every group is backfilled: CustomerDetails (Backfill pending). Run 'dotnet safe-migrate phase backfill'.", expanded.StandardError, StringComparison.Ordinal);
        Assert.Matches(@"CustomerDetails\s+│ ✓ applied\s+│ pending\s+│ pending", expanded.StandardOutput);

        Assert.Equal(ExitCodes.Done, (await ToolAsync(database, "phase", "backfill")).ExitCode);
        var backfilled = await ToolAsync(database, "status", "--require", "backfilled");
        Assert.True(backfilled.ExitCode == ExitCodes.Done, backfilled.Describe());
        Assert.EndsWith("Every group is backfilled (2 groups).", backfilled.StandardOutput.TrimEnd(), StringComparison.Ordinal);

        var contracted = await ToolAsync(database, "status", "--require", "contracted", "--json");
        Assert.True(contracted.ExitCode == ExitCodes.Refused, contracted.Describe());
        var result = Assert.IsType<ResultEvent>(JsonEventLines.Read(contracted)[^1]);
        Assert.Equal(
            "Not every group is contracted: CustomerDetails (Contract pending). Run 'dotnet safe-migrate phase contract'.", result.Message);
    }

    [Fact]
    public async Task Status_shows_the_flags_and_the_instances_of_the_context_with_the_contracts_they_block()
    {
        await using var database = await PostgresDatabase.CreateAsync("tool_instances");
        await SeedAsync(database);

        var human = await ToolAsync(database, "status");

        Assert.True(human.ExitCode == ExitCodes.Done, human.Describe());
        var output = human.StandardOutput.ReplaceLineEndings("\n");
        Assert.Matches(@"(?m)^Flags$", output);
        Assert.Matches(@"(?m)^  CustomerDetails\.backfilled  off  set by rollback at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", output);
        Assert.Matches(@"(?m)^  CustomerDetails\.expanded    on   set by phase expand at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", output);
        Assert.Matches(@"(?m)^Instances$", output);
        Assert.Matches(
            $@"(?m)^  old-web on host-a \(pid 101, Shop\): live, newest migration {CustomerDetailsExpand}, last heartbeat [^;]+ ago; blocks the Contract of CustomerDetails$",
            output);
        Assert.Matches($@"(?m)^  new-web on host-b \(pid 102, Shop\): live, newest migration {CustomerDetailsContract}, last heartbeat [^;]+ ago$", output);
        Assert.Matches($@"(?m)^  gone-web on host-c \(pid 103, Shop\): stale, newest migration {InitialExpand}, last heartbeat 2 h ago$", output);
        Assert.DoesNotContain("billing-worker", output, StringComparison.Ordinal);
        Assert.True(output.IndexOf("Flags", StringComparison.Ordinal) < output.IndexOf("Instances", StringComparison.Ordinal), human.Describe());

        var json = await ToolAsync(database, "status", "--json");

        Assert.True(json.ExitCode == ExitCodes.Done, json.Describe());
        var events = JsonEventLines.Read(json);
        Assert.Equal(
            new[] { ("CustomerDetails.backfilled", false, "rollback"), ("CustomerDetails.expanded", true, "phase expand") },
            events.OfType<FlagStatusEvent>().Select(f => (f.Name, f.Enabled, f.SetBy)));
        var instances = events.OfType<InstanceStatusEvent>().ToDictionary(i => i.Id);
        Assert.Equal(["gone-web", "old-web", "new-web"], events.OfType<InstanceStatusEvent>().Select(i => i.Id));
        Assert.True(instances["old-web"].Live);
        Assert.Equal(["CustomerDetails"], instances["old-web"].Blocks);
        Assert.Equal(("host-a", 101, "Shop", CustomerDetailsExpand), (instances["old-web"].Host, instances["old-web"].ProcessId, instances["old-web"].App, instances["old-web"].NewestMigration));
        Assert.Equal((true, 0), (instances["new-web"].Live, instances["new-web"].Blocks.Count));
        Assert.Equal((false, 0), (instances["gone-web"].Live, instances["gone-web"].Blocks.Count));
        Assert.InRange(instances["gone-web"].SecondsSinceHeartbeat, 7200, double.MaxValue);
    }

    [Fact]
    public async Task The_heartbeat_timeout_and_the_contract_gate_come_from_safe_migrate_json()
    {
        await using var database = await PostgresDatabase.CreateAsync("tool_config");
        await SeedAsync(database);
        using var folder = new TempFolder("efsm-config-");
        File.WriteAllText(folder.Combine(DeploymentConfigReader.DefaultFileName), ExampleConfigs.PatientInstances);
        var noGate = folder.Combine("no-gate.json");
        File.WriteAllText(noGate, ExampleConfigs.NoContractGate);

        // Found in the current folder (the source is an assembly, not a project).
        var patient = await ToolInAsync(database, folder.Path, "status", "--json", "--verbose");

        Assert.True(patient.ExitCode == ExitCodes.Done, patient.Describe());
        var events = JsonEventLines.Read(patient);
        Assert.Contains(events.OfType<MessageEvent>(), m => m.Text.StartsWith($"Hooks and gates: {folder.Combine(DeploymentConfigReader.DefaultFileName)}", StringComparison.Ordinal));
        var gone = Assert.Single(events.OfType<InstanceStatusEvent>(), i => i.Id == "gone-web");
        Assert.True(gone.Live);
        Assert.Equal(["CustomerDetails"], gone.Blocks);

        // --config wins over the file in the current folder.
        var withoutGate = await ToolInAsync(database, folder.Path, "status", "--config", "no-gate.json");

        Assert.True(withoutGate.ExitCode == ExitCodes.Done, withoutGate.Describe());
        Assert.Matches(@"(?m)^  old-web on host-a \(pid 101, Shop\): live, [^;]+ ago$", withoutGate.StandardOutput);
        Assert.Matches(@"(?m)^  gone-web on host-c \(pid 103, Shop\): stale, ", withoutGate.StandardOutput);
    }

    [Fact]
    public async Task A_config_file_that_does_not_exist_is_a_usage_error_and_nothing_changes()
    {
        await using var database = await PostgresDatabase.CreateAsync("tool_noconfig");
        using var folder = new TempFolder("efsm-config-");

        var result = await ToolInAsync(database, folder.Path, "phase", "expand", "--config", "deploy/missing.json");

        AssertUsageError(result, $"The hooks and gates file 'deploy/missing.json' (--config) does not exist ({folder.Combine("deploy", "missing.json")}); nothing was changed.");
        await AssertNothingChangedAsync(database);

        var plan = await SafeMigrateCli.RunAsync(
            ["phase", "expand", "--plan", folder.Combine("plan"), "--connection", database.ConnectionString, "--config", "missing.json"], workingDirectory: folder.Path);
        AssertUsageError(plan, "The hooks and gates file 'missing.json' (--config) does not exist");
    }

    [Theory]
    [InlineData(nameof(ExampleConfigs.UnknownProperty), "hooks[0] has an unknown property \"onn\"; known: name, on, group, command, webhook, flag; nothing was changed.")]
    [InlineData(nameof(ExampleConfigs.BadEventName), "hooks[0].on is 'after-bakfill'; use one of before-expand, before-backfill, before-contract, after-expand, after-backfill, after-contract; nothing was changed.")]
    public async Task A_malformed_config_file_is_a_usage_error_naming_the_place_and_nothing_changes(string example, string problem)
    {
        await using var database = await PostgresDatabase.CreateAsync("tool_badconfig");
        using var folder = new TempFolder("efsm-config-");
        var path = folder.Combine(DeploymentConfigReader.DefaultFileName);
        File.WriteAllText(path, example == nameof(ExampleConfigs.UnknownProperty) ? ExampleConfigs.UnknownProperty : ExampleConfigs.BadEventName);

        var found = await ToolInAsync(database, folder.Path, "phase", "expand");
        var named = await ToolInAsync(database, Path.GetTempPath(), "rollback", "--config", path, "--json");

        AssertUsageError(found, $"{path}: {problem}");
        Assert.True(named.ExitCode == ExitCodes.Usage, named.Describe());
        Assert.Equal($"{path}: {problem}", Assert.IsType<ResultEvent>(Assert.Single(JsonEventLines.Read(named))).Message);
        await AssertNothingChangedAsync(database);
    }

    /// <summary>
    /// Two flags; instances of the shop: one running code from before the CustomerDetails Contract, one with it, one silent
    /// for two hours; and one of another context.
    /// </summary>
    private static async Task SeedAsync(PostgresDatabase database)
    {
        var sql = DatabaseDialects.PostgreSql.Deployment;
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var flags = new FlagStore(connection, sql);
        await flags.EnsureCreatedAsync(CancellationToken.None);
        await flags.WriteAsync("CustomerDetails.expanded", true, "phase expand", CancellationToken.None);
        await flags.WriteAsync("CustomerDetails.backfilled", false, "rollback", CancellationToken.None);

        var registry = new InstanceRegistry(connection, sql);
        await registry.EnsureCreatedAsync(CancellationToken.None);
        var started = DateTimeOffset.UtcNow;
        await registry.HeartbeatAsync(new InstanceRow("gone-web", "host-c", 103, "Shop", ShopContextType, InitialExpand, started.AddHours(-3), 0), CancellationToken.None);
        await registry.HeartbeatAsync(new InstanceRow("old-web", "host-a", 101, "Shop", ShopContextType, CustomerDetailsExpand, started.AddMinutes(-2), 0), CancellationToken.None);
        await registry.HeartbeatAsync(new InstanceRow("new-web", "host-b", 102, "Shop", ShopContextType, CustomerDetailsContract, started.AddMinutes(-1), 0), CancellationToken.None);
        await registry.HeartbeatAsync(new InstanceRow("billing-worker", "host-d", 104, "Billing", "Billing.BillingContext", null, started, 0), CancellationToken.None);
        await database.ExecuteAsync("""UPDATE "__EFSafeMigrationsInstances" SET heartbeat_at = now() - interval '2 hours 1 minute' WHERE instance_id = 'gone-web'""");
    }

    private static async Task AssertNothingChangedAsync(PostgresDatabase database)
    {
        Assert.Null(await database.ScalarAsync<string>("SELECT to_regclass('\"__EFMigrationsHistory\"')::text"));
        Assert.Null(await database.ScalarAsync<string>("SELECT to_regclass('\"Customers\"')::text"));
    }

    private static void AssertUsageError(SafeMigrateResult result, string expected)
    {
        Assert.True(result.ExitCode == ExitCodes.Usage, "Expected exit code 2. " + result.Describe());
        Assert.True(result.StandardError.Contains(expected, StringComparison.Ordinal), $"Expected on standard error: {expected}{Environment.NewLine}{result.Describe()}");
    }

    private static Task<SafeMigrateResult> ToolAsync(PostgresDatabase database, params string[] args)
        => ToolInAsync(database, null, args);

    private static Task<SafeMigrateResult> ToolInAsync(PostgresDatabase database, string? workingDirectory, params string[] args)
        => SafeMigrateCli.RunAsync(
            [.. args, "--assembly", SafeMigrateCli.ShopAssembly, "--connection", database.ConnectionString], workingDirectory: workingDirectory, timeout: RunTimeout);
}
