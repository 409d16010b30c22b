using EfSafeMigrations.Deployment.Configuration;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Tool;

namespace EfSafeMigrations.Tests.Deployment.Configuration;

/// <summary><c>safe-migrate.json</c> as <see cref="DeploymentConfigReader"/> reads it: the records it makes, and every mistake refused with its place.</summary>
public sealed class DeploymentConfigReaderTests
{
    private static readonly string Folder = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "efsm-config", "deploy"));
    private static readonly string Source = Path.Combine(Folder, DeploymentConfigReader.DefaultFileName);

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["SAFE_MIGRATE_TEST_CHAT_URL"] = "https://chat.example",
        ["SAFE_MIGRATE_TEST_SECRET"] = "s3cret-value",
    };

    [Fact]
    public void A_full_file_reads_into_its_hooks_gates_and_instance_settings()
    {
        var config = DeploymentConfigReader.Parse(ExampleConfigs.Full, Source, name => Environment.GetValueOrDefault(name));

        Assert.Equal(Source, config.Source);
        Assert.Equal(["warm-cache", "notify", "announce", "ping", "email-on", "email-legacy-off"], config.Hooks.Select(h => h.Name));
        Assert.Empty(config.MissingVariables);

        var warm = config.Hooks[0];
        Assert.Equal((HookTiming.After, MigrationPhase.Backfill, "after-backfill", "CustomerDetails"), (warm.Timing, warm.Phase, warm.On, warm.Group));
        Assert.True(warm.AppliesTo("CustomerDetails"));
        Assert.False(warm.AppliesTo("Initial"));
        Assert.Null(warm.Webhook);
        Assert.Null(warm.Flag);
        var command = warm.Command!;
        Assert.Equal(Path.Combine(Folder, "scripts", "warm-cache.sh"), command.Run);
        Assert.Equal(["--group", "CustomerDetails"], command.Args);
        Assert.Equal("https://chat.example/cache", Assert.Single(command.Environment, e => e.Key == "CACHE_URL").Value);
        Assert.Equal(Path.Combine(Folder, "scripts"), command.WorkingDirectory);
        Assert.Equal(TimeSpan.FromSeconds(30), command.Timeout);

        var notify = config.Hooks[1];
        Assert.Equal((HookTiming.After, MigrationPhase.Contract, (string?)null), (notify.Timing, notify.Phase, notify.Group));
        Assert.True(notify.AppliesTo("AnyGroup"));
        var webhook = notify.Webhook!;
        Assert.Equal(new Uri("https://chat.example/hooks/deploy"), webhook.Url);
        Assert.Equal("s3cret-value", webhook.Secret);
        Assert.Equal("data", webhook.Headers["X-Team"]);
        Assert.Equal((TimeSpan.FromSeconds(2), 5), (webhook.Timeout, webhook.Retries));

        var announce = config.Hooks[2].Command!;
        Assert.Equal("echo", announce.Run);
        Assert.Empty(announce.Args);
        Assert.Equal(Folder, announce.WorkingDirectory);
        Assert.Equal(TimeSpan.FromMinutes(5), announce.Timeout);

        var ping = config.Hooks[3].Webhook!;
        Assert.Equal((null, TimeSpan.FromSeconds(10), 3), (ping.Secret, ping.Timeout, ping.Retries));
        Assert.Empty(ping.Headers);

        Assert.Equal(new FlagSpec("{group}.email-enabled", true), config.Hooks[4].Flag);
        Assert.Equal(new FlagSpec("{group}.legacy-email", false), config.Hooks[5].Flag);
        Assert.Equal((HookTiming.Before, MigrationPhase.Contract), (config.Hooks[5].Timing, config.Hooks[5].Phase));

        Assert.Equal(["new-version-live", "smoke", "health"], config.Gates.Select(g => g.Name));
        Assert.Equal(new GateDefinition("new-version-live", MigrationPhase.Contract, null, "{group}.new-version-live", null, null), config.Gates[0]);
        var smoke = config.Gates[1];
        Assert.Equal((MigrationPhase.Backfill, "CustomerDetails", "smoke-test"), (smoke.Phase, smoke.Group, smoke.Command!.Run));
        Assert.Equal(TimeSpan.FromSeconds(90), smoke.Command.Timeout);
        var health = config.Gates[2];
        Assert.Equal(MigrationPhase.Expand, health.Phase);
        Assert.Equal(new Uri("https://app.example/health"), health.Http!.Url);
        Assert.Equal("text/plain", health.Http.Headers["Accept"]);
        Assert.Equal(TimeSpan.FromMilliseconds(500), health.Http.Timeout);

        Assert.Equal(new InstanceGateSettings(true, TimeSpan.FromSeconds(90)), config.Instances);
    }

    [Fact]
    public void An_empty_file_has_no_hooks_or_gates_and_the_contract_gate_on()
    {
        var config = DeploymentConfigReader.Parse("{}", Source, _ => null);

        Assert.Empty(config.Hooks);
        Assert.Empty(config.Gates);
        Assert.Equal(InstanceGateSettings.Default, config.Instances);
        Assert.Equal(new InstanceGateSettings(true, TimeSpan.FromSeconds(60)), config.Instances);
    }

    [Fact]
    public void A_file_on_disk_is_read_with_paths_relative_to_its_folder()
    {
        using var folder = new TempFolder("efsm-config-");
        var path = folder.Combine(DeploymentConfigReader.DefaultFileName);
        File.WriteAllText(path, """{ "hooks": [ { "name": "a", "on": "before-expand", "command": { "run": "tools/check" } } ] }""");

        var config = DeploymentConfigReader.Read(path, _ => null);

        Assert.Equal(Path.Combine(folder.Path, "tools", "check"), config.Hooks[0].Command!.Run);
        Assert.Equal(folder.Path, config.Hooks[0].Command!.WorkingDirectory);
    }

    [Fact]
    public void A_file_that_does_not_exist_is_a_usage_error()
    {
        var missing = Path.Combine(Folder, "nowhere", DeploymentConfigReader.DefaultFileName);

        var refusal = Assert.Throws<RunnerRefusal>(() => DeploymentConfigReader.Read(missing));

        Assert.Equal(ExitCodes.Usage, refusal.ExitCode);
        Assert.Contains($"'{missing}' does not exist", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_that_is_not_set_is_recorded_for_its_hook_not_refused()
    {
        const string json = """
            {
              "hooks": [
                { "name": "notify", "on": "after-backfill", "webhook": { "url": "${SAFE_MIGRATE_TEST_UNSET_URL}", "secret": "${SAFE_MIGRATE_TEST_UNSET_SECRET}" } },
                { "name": "flag", "on": "after-backfill", "flag": "{group}.done" },
                { "name": "chat", "on": "after-expand", "webhook": { "url": "${SAFE_MIGRATE_TEST_UNSET_HOST}/hooks/db" } }
              ],
              "gates": [
                { "name": "check", "before": "contract", "command": { "run": "check", "env": { "TOKEN": "${SAFE_MIGRATE_TEST_UNSET_SECRET}" } } }
              ]
            }
            """;

        var config = DeploymentConfigReader.Parse(json, Source, _ => null);

        Assert.Equal(["SAFE_MIGRATE_TEST_UNSET_URL", "SAFE_MIGRATE_TEST_UNSET_SECRET"], config.MissingVariables["notify"]);
        Assert.Equal(["SAFE_MIGRATE_TEST_UNSET_SECRET"], config.MissingVariables["check"]);
        Assert.False(config.MissingVariables.ContainsKey("flag"));
        Assert.Equal(["SAFE_MIGRATE_TEST_UNSET_HOST"], config.MissingVariables["chat"]);
        Assert.Equal(string.Empty, config.Hooks[0].Webhook!.Secret);
        Assert.Equal(string.Empty, config.Gates[0].Command!.Environment["TOKEN"]);
    }

    [Theory]
    [InlineData("""{ "hooks": [ """, "is not valid JSON")]
    [InlineData("""[]""", "the file must be an object")]
    [InlineData("""{ "hook": [] }""", "the file has an unknown property \"hook\"; known: hooks, gates, instances")]
    [InlineData("""{ "hooks": {} }""", "hooks must be an array")]
    [InlineData("""{ "hooks": [ { "name": "n", "onn": "after-expand", "flag": "f" } ] }""", "hooks[0] has an unknown property \"onn\"; known: name, on, group, command, webhook, flag")]
    [InlineData("""{ "hooks": [ { "on": "after-expand", "flag": "f" } ] }""", "hooks[0] needs \"name\"")]
    [InlineData("""{ "hooks": [ { "name": "notify chat", "on": "after-expand", "flag": "f" } ] }""", "hooks[0].name 'notify chat' must be a word without spaces or ':'")]
    [InlineData("""{ "hooks": [ { "name": "n", "on": "after-bakfill", "flag": "f" } ] }""", "hooks[0].on is 'after-bakfill'; use one of before-expand, before-backfill, before-contract, after-expand, after-backfill, after-contract")]
    [InlineData("""{ "hooks": [ { "name": "n", "on": "After-Backfill", "flag": "f" } ] }""", "hooks[0].on is 'After-Backfill'; use one of")]
    [InlineData("""{ "hooks": [ { "name": "n", "on": 3, "flag": "f" } ] }""", "hooks[0].on must be a string")]
    [InlineData("""{ "hooks": [ { "name": "n", "on": "after-expand" } ] }""", "hooks[0] must have exactly one of command, webhook, flag")]
    [InlineData("""{ "hooks": [ { "name": "n", "on": "after-expand", "flag": "f", "command": { "run": "x" } } ] }""", "hooks[0] must have exactly one of command, webhook, flag (it has command and flag)")]
    [InlineData("""{ "hooks": [ { "name": "n", "on": "after-expand", "command": { "args": [] } } ] }""", "hooks[0].command needs \"run\"")]
    [InlineData("""{ "hooks": [ { "name": "n", "on": "after-expand", "command": { "run": "x", "args": [1] } } ] }""", "hooks[0].command.args[0] must be a string")]
    [InlineData("""{ "hooks": [ { "name": "n", "on": "after-expand", "command": { "run": "x", "timeout": "5 minutes" } } ] }""", "hooks[0].command.timeout must be a duration: a number with a unit")]
    [InlineData("""{ "hooks": [ { "name": "n", "on": "after-expand", "command": { "run": "x", "timeout": 30 } } ] }""", "hooks[0].command.timeout must be a duration")]
    [InlineData("""{ "hooks": [ { "name": "n", "on": "after-expand", "webhook": { "url": "https://x.example", "retries": 21 } } ] }""", "hooks[0].webhook.retries must be a whole number from 0 to 20")]
    [InlineData("""{ "hooks": [ { "name": "n", "on": "after-expand", "webhook": { "url": "ftp://x.example/" } } ] }""", "hooks[0].webhook.url must be an absolute http or https URL")]
    [InlineData("""{ "hooks": [ { "name": "n", "on": "after-expand", "webhook": { "url": "https://x.example", "headers": { "X": 1 } } } ] }""", "hooks[0].webhook.headers.X must be a string")]
    [InlineData("""{ "hooks": [ { "name": "n", "on": "after-expand", "flag": { "enabled": true } } ] }""", "hooks[0].flag needs \"name\"")]
    [InlineData("""{ "hooks": [ { "name": "n", "on": "after-expand", "flag": { "name": "f", "enabled": "yes" } } ] }""", "hooks[0].flag.enabled must be true or false")]
    [InlineData("""{ "gates": [ { "name": "g", "before": "deploy", "flag": "f" } ] }""", "gates[0].before is 'deploy'; use expand, backfill or contract")]
    [InlineData("""{ "gates": [ { "name": "g", "before": "contract", "http": { "url": "https://x.example", "method": "POST" } } ] }""", "gates[0].http has an unknown property \"method\"; known: url, headers, timeout")]
    [InlineData("""{ "gates": [ { "name": "g", "before": "contract", "flag": { "name": "f" } } ] }""", "gates[0].flag must be a string")]
    [InlineData("""{ "gates": [ { "name": "g", "before": "contract", "webhook": { "url": "https://x.example" } } ] }""", "gates[0] has an unknown property \"webhook\"; known: name, before, group, flag, command, http")]
    [InlineData("""{ "instances": { "gateContract": "yes" } }""", "instances.gateContract must be true or false")]
    [InlineData("""{ "instances": { "heartbeatTimeout": "0" } }""", "instances.heartbeatTimeout must be a duration")]
    [InlineData("""{ "instances": { "heartbeat": "60s" } }""", "instances has an unknown property \"heartbeat\"; known: gateContract, heartbeatTimeout")]
    public void A_mistake_is_a_usage_error_naming_its_place_in_the_file(string json, string expected)
    {
        var refusal = Assert.Throws<RunnerRefusal>(() => DeploymentConfigReader.Parse(json, Source, _ => null));

        Assert.Equal(ExitCodes.Usage, refusal.ExitCode);
        Assert.StartsWith(DeploymentConfigReader.DefaultFileName + ": ", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(expected, refusal.Message, StringComparison.Ordinal);
        Assert.EndsWith("nothing was changed.", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "hooks": [ { "name": "n", "on": "after-expand", "flag": "a" }, { "name": "n", "on": "after-backfill", "flag": "b" } ] }""", "hooks[1].name 'n'")]
    [InlineData("""{ "hooks": [ { "name": "n", "on": "after-expand", "flag": "a" } ], "gates": [ { "name": "n", "before": "contract", "flag": "b" } ] }""", "gates[0].name 'n'")]
    public void A_name_used_twice_is_refused_even_between_a_hook_and_a_gate(string json, string place)
    {
        var refusal = Assert.Throws<RunnerRefusal>(() => DeploymentConfigReader.Parse(json, Source, _ => null));

        Assert.Equal(ExitCodes.Usage, refusal.ExitCode);
        Assert.Contains($"{place} is used twice; give every hook and gate its own name", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_secret_variables_and_passwords_are_scrubbed_and_a_database_host_or_user_name_stays_readable()
    {
        var environment = new Dictionary<string, string>
        {
            ["PGDATABASE"] = "orders",
            ["PGHOST"] = "db.internal",
            ["PGUSER"] = "deployer",
            ["DEPLOY_API_TOKEN"] = "tok-9f8e7d6c",
            ["HOOK_SIGNING"] = "sign-1a2b3c4d",
            ["CHAT_PATH"] = "T000/B000/XXXX",
            ["REPORT_DB"] = "Host=db.internal;Database=orders;Username=deployer;Password=pw-5e6f7a8b",
            ["APP_CONNECTION"] = "Host=db.internal;Database=orders;Username=deployer;Password=pw-0c1d2e3f",
        };
        var config = DeploymentConfigReader.Parse(
            """
            {
              "hooks": [
                { "name": "report", "on": "after-expand", "command": { "run": "report", "args": ["${PGDATABASE}", "${PGHOST}"],
                  "env": { "PGUSER": "${PGUSER}", "API": "${DEPLOY_API_TOKEN}", "REPORT_DB": "${REPORT_DB}", "DB": "${APP_CONNECTION}" } } },
                { "name": "chat", "on": "after-backfill", "webhook": { "url": "https://chat.example/${CHAT_PATH}", "secret": "${HOOK_SIGNING}" } }
              ]
            }
            """,
            Source,
            name => environment.GetValueOrDefault(name));

        Assert.Equal(
            "no app instance of orders on db.internal as deployer; token ***, signature ***, chat ***, password ***, connection ***",
            config.Scrub("no app instance of orders on db.internal as deployer; token tok-9f8e7d6c, signature sign-1a2b3c4d, chat T000/B000/XXXX, password pw-5e6f7a8b, connection Host=db.internal;Database=orders;Username=deployer;Password=pw-0c1d2e3f"));
    }

    [Theory]
    [InlineData("API_TOKEN", true)]
    [InlineData("DeployHookSecret", true)]
    [InlineData("DB_PASSWORD", true)]
    [InlineData("AWS_SECRET_ACCESS_KEY", true)]
    [InlineData("SAFE_MIGRATE_CONNECTION", true)]
    [InlineData("PGDATABASE", false)]
    [InlineData("DB_HOST", false)]
    [InlineData("MONKEY_NAME", false)]
    [InlineData("PWD", false)]
    public void A_variable_is_a_secret_when_a_word_of_its_name_says_so(string name, bool secret)
        => Assert.Equal(secret, SecretVariables.IsSecretName(name));
}
