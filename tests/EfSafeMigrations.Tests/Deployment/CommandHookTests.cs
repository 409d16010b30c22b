using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tests.Deployment;

/// <summary>Command hooks: real processes, the event in their environment, their arguments passed as given.</summary>
public sealed class CommandHookTests
{
    [Fact]
    public async Task A_command_hook_writes_the_event_to_a_file_with_its_arguments_passed_verbatim()
    {
        await using var deployment = await ShopDeployment.CreateAsync("""
            {
              "hooks": [
                { "name": "record", "on": "after-expand", "command": { "run": "./record.sh", "args": ["$(touch pwned); echo x", "two words"], "env": { "OUT": "events.txt" } } }
              ]
            }
            """);
        var script = deployment.Folder.Combine("record.sh");
        await File.WriteAllTextAsync(script, """
            #!/bin/sh
            printf '%s|%s|%s|%s|%s|%s|%s\n' "$SAFE_MIGRATE_EVENT" "$SAFE_MIGRATE_PHASE" "$SAFE_MIGRATE_GROUP" "$SAFE_MIGRATE_MIGRATION" "$SAFE_MIGRATE_DATABASE" "$1" "$2" >> "$OUT"
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var expand = await deployment.RunAsync(MigrationPhase.Expand);

        Assert.Equal(0, expand.Result.ExitCode);
        var database = deployment.Database.Name;
        Assert.Equal(
            [
                $"after-expand|expand|Initial|{ShopDeployment.InitialExpand}|{database}|$(touch pwned); echo x|two words",
                $"after-expand|expand|CustomerDetails|{ShopDeployment.Expand}|{database}|$(touch pwned); echo x|two words",
            ],
            await File.ReadAllLinesAsync(deployment.Folder.Combine("events.txt")));
        Assert.False(File.Exists(deployment.Folder.Combine("pwned")));
        Assert.Equal(["done", "done"], expand.All.OfType<HookEvent>().Select(h => h.Status));
    }

    [Fact]
    public async Task A_failing_before_hook_stops_the_run_before_its_migration_and_the_rerun_continues_from_there()
    {
        await using var deployment = await ShopDeployment.CreateAsync("""
            {
              "hooks": [
                { "name": "approve", "on": "before-backfill", "command": { "run": "/bin/sh", "args": ["-c", "test -f approved || { echo 'not approved yet' >&2; exit 3; }"] } },
                { "name": "count", "on": "before-backfill", "command": { "run": "/bin/sh", "args": ["-c", "echo run >> count.txt"] } }
              ]
            }
            """);
        await deployment.ApplyAsync(MigrationPhase.Expand);

        var stopped = await deployment.RunAsync(MigrationPhase.Backfill);
        Assert.Equal(ExitCodes.Failed, stopped.Result.ExitCode);
        Assert.Equal(
            $"Hook approve (before-backfill of CustomerDetails) failed: sh exited with 3: not approved yet. {ShopDeployment.Backfill} was not applied. Fix the cause and run the same command again.",
            stopped.Result.Message);
        Assert.DoesNotContain(ShopDeployment.Backfill, await deployment.HistoryAsync());
        Assert.False(File.Exists(deployment.Folder.Combine("count.txt")));

        await File.WriteAllTextAsync(deployment.Folder.Combine("approved"), string.Empty);
        var rerun = await deployment.RunAsync(MigrationPhase.Backfill);

        Assert.Equal(0, rerun.Result.ExitCode);
        Assert.Contains(ShopDeployment.Backfill, await deployment.HistoryAsync());
        Assert.Equal(["run"], await File.ReadAllLinesAsync(deployment.Folder.Combine("count.txt")));
        Assert.Equal([("approve", "done"), ("count", "done")], rerun.All.OfType<HookEvent>().Select(h => (h.Hook, h.Status)));
    }

    [Fact]
    public async Task A_hook_that_outlives_its_timeout_is_killed_and_nothing_of_its_phase_is_applied()
    {
        await using var deployment = await ShopDeployment.CreateAsync("""
            { "hooks": [ { "name": "slow", "on": "before-expand", "group": "Initial", "command": { "run": "sleep", "args": ["30"], "timeout": "500ms" } } ] }
            """);

        var stopped = await deployment.RunAsync(MigrationPhase.Expand);

        Assert.Equal(ExitCodes.Failed, stopped.Result.ExitCode);
        Assert.StartsWith("Hook slow (before-expand of Initial) failed: sleep did not finish within 500ms and was killed.", stopped.Result.Message);
        Assert.Equal(string.Empty, await deployment.HistoryAsync());
    }

    [Fact]
    public async Task A_hook_whose_secret_variable_is_not_set_is_refused_before_anything_changes()
    {
        await using var deployment = await ShopDeployment.CreateAsync("""
            { "hooks": [ { "name": "notify", "on": "after-expand", "webhook": { "url": "http://127.0.0.1:9/", "secret": "${EFSM_TEST_NEVER_SET_VARIABLE}" } } ] }
            """);

        var refused = await deployment.RunAsync(MigrationPhase.Expand);

        Assert.Equal(ExitCodes.Usage, refused.Result.ExitCode);
        Assert.Equal(
            "safe-migrate.json: notify uses ${EFSM_TEST_NEVER_SET_VARIABLE}, not set in the environment; nothing was changed. Set the variables for this step of the pipeline.",
            refused.Result.Message);

        // Literally nothing: not even EF Core's history table or the runner's own tables were created.
        Assert.Equal(0L, await deployment.Database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task A_value_taken_from_the_environment_never_shows_in_the_output_of_a_failing_hook()
    {
        var variable = "EFSM_TEST_TOKEN_" + Guid.NewGuid().ToString("N");
        const string Token = "tok-9f8e7d6c5b4a";
        Environment.SetEnvironmentVariable(variable, Token);
        await using var deployment = await ShopDeployment.CreateAsync($$"""
            { "hooks": [ { "name": "leaky", "on": "before-expand", "command": { "run": "/bin/sh", "args": ["-c", "echo \"auth with $TOKEN failed\"; exit 1"], "env": { "TOKEN": "${{{variable}}}" } } } ] }
            """);

        var stopped = await deployment.RunAsync(MigrationPhase.Expand);

        Assert.Equal(ExitCodes.Failed, stopped.Result.ExitCode);
        Assert.Contains("sh exited with 1: auth with *** failed", stopped.Result.Message);
        Assert.DoesNotContain(stopped.All, e => e.ToString()!.Contains(Token, StringComparison.Ordinal));
        Assert.Equal(0L, await deployment.Database.ScalarAsync<long>($"""SELECT count(*) FROM "__EFSafeMigrations" WHERE error LIKE '%{Token}%'"""));
    }

    [Fact]
    public async Task A_hook_does_not_inherit_the_connection_string_the_tool_was_given_in_the_environment()
    {
        await using var deployment = await ShopDeployment.CreateAsync("""
            { "hooks": [ { "name": "env", "on": "after-expand", "group": "Initial", "command": { "run": "/bin/sh", "args": ["-c", "echo \"[$SAFE_MIGRATE_CONNECTION]\" > env.txt"] } } ] }
            """);
        var before = Environment.GetEnvironmentVariable("SAFE_MIGRATE_CONNECTION");
        Environment.SetEnvironmentVariable("SAFE_MIGRATE_CONNECTION", "Host=db;Password=inherited-secret");
        try
        {
            await deployment.ApplyAsync(MigrationPhase.Expand);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SAFE_MIGRATE_CONNECTION", before);
        }

        Assert.Equal("[]", (await File.ReadAllTextAsync(deployment.Folder.Combine("env.txt"))).Trim());
    }

    [Fact]
    public async Task Stopping_the_run_during_a_hook_kills_it_and_the_rerun_runs_it_again()
    {
        await using var deployment = await ShopDeployment.CreateAsync("""
            { "hooks": [ { "name": "slow", "on": "after-expand", "group": "Initial", "command": { "run": "/bin/sh", "args": ["-c", "echo started >> runs.txt; test -f fast || sleep 60"] } } ] }
            """);
        using var stop = new CancellationTokenSource();
        var started = deployment.Folder.Combine("runs.txt");
        var watcher = Task.Run(async () =>
        {
            while (!File.Exists(started))
            {
                await Task.Delay(20);
            }

            await stop.CancelAsync();
        });

        var stopped = await EfSafeMigrations.Tests.Running.RunnerScenario.RunAsync(
            () => new Shop.ShopContext(Shop.ShopContext.Options(deployment.Database.ConnectionString)), RunnerCommand.Phase, MigrationPhase.Expand,
            stop: stop.Token, configFile: deployment.ConfigFile);
        await watcher;

        Assert.Equal(ExitCodes.Failed, stopped.Result.ExitCode);
        Assert.Equal(
            "Stopped while a hook of the Expand ran; what was applied stays applied and recorded. Run the same command again to go on.",
            stopped.Result.Message);
        Assert.Equal(ShopDeployment.InitialExpand, await deployment.HistoryAsync());

        await File.WriteAllTextAsync(deployment.Folder.Combine("fast"), string.Empty);
        var rerun = await deployment.RunAsync(MigrationPhase.Expand);

        Assert.Equal(0, rerun.Result.ExitCode);
        Assert.Equal([("slow", "done")], rerun.All.OfType<HookEvent>().Select(h => (h.Hook, h.Status)));
        Assert.Equal(2, (await File.ReadAllLinesAsync(started)).Length);
        Assert.Equal($"{ShopDeployment.InitialExpand},{ShopDeployment.Expand}", await deployment.HistoryAsync());
    }
}
