namespace EfSafeMigrations.Tests.Deployment.Configuration;

/// <summary>
/// The <c>safe-migrate.json</c> files the tests use, in one place so that every one of them is checked against the reader
/// and the schema (<see cref="DeploymentConfigSchemaTests"/>).
/// </summary>
internal static class ExampleConfigs
{
    /// <summary>Every kind of hook and gate; reads <c>SAFE_MIGRATE_TEST_CHAT_URL</c> and <c>SAFE_MIGRATE_TEST_SECRET</c> from the environment.</summary>
    public const string Full = """
        {
          "$schema": "./safe-migrate.schema.json",
          // Comments and trailing commas are allowed.
          "hooks": [
            {
              "name": "warm-cache",
              "on": "after-backfill",
              "group": "CustomerDetails",
              "command": {
                "run": "./scripts/warm-cache.sh",
                "args": ["--group", "CustomerDetails"],
                "env": { "CACHE_URL": "${SAFE_MIGRATE_TEST_CHAT_URL}/cache" },
                "workingDirectory": "scripts",
                "timeout": "30s"
              }
            },
            {
              "name": "notify",
              "on": "after-contract",
              "webhook": {
                "url": "${SAFE_MIGRATE_TEST_CHAT_URL}/hooks/deploy",
                "secret": "${SAFE_MIGRATE_TEST_SECRET}",
                "headers": { "X-Team": "data" },
                "timeout": "2s",
                "retries": 5
              }
            },
            { "name": "announce", "on": "before-expand", "command": { "run": "echo" } },
            { "name": "ping", "on": "after-expand", "webhook": { "url": "https://chat.example/ping" } },
            { "name": "email-on", "on": "after-backfill", "flag": "{group}.email-enabled" },
            { "name": "email-legacy-off", "on": "before-contract", "flag": { "name": "{group}.legacy-email", "enabled": false } },
          ],
          "gates": [
            { "name": "new-version-live", "before": "contract", "flag": "{group}.new-version-live" },
            { "name": "smoke", "before": "backfill", "group": "CustomerDetails", "command": { "run": "smoke-test", "args": ["--quick"], "timeout": "1.5m" } },
            { "name": "health", "before": "expand", "http": { "url": "https://app.example/health", "headers": { "Accept": "text/plain" }, "timeout": "500ms" } }
          ],
          "instances": { "gateContract": true, "heartbeatTimeout": "90s" }
        }
        """;

    /// <summary>Instances silent for up to three hours still count as live.</summary>
    public const string PatientInstances = """
        { "instances": { "heartbeatTimeout": "3h" } }
        """;

    /// <summary>The built-in contract gate off: no instance blocks a Contract.</summary>
    public const string NoContractGate = """
        {
          "$schema": "https://example.invalid/safe-migrate.schema.json",
          "instances": { "gateContract": false }
        }
        """;

    /// <summary>A hook with a property the reader does not know (<c>onn</c>).</summary>
    public const string UnknownProperty = """
        { "hooks": [ { "name": "notify", "onn": "after-backfill", "flag": "x" } ] }
        """;

    /// <summary>A hook on an event that does not exist (<c>after-bakfill</c>).</summary>
    public const string BadEventName = """
        {
          "hooks": [
            { "name": "notify", "on": "after-bakfill", "flag": "{group}.ready" }
          ]
        }
        """;

    /// <summary>The files that are meant to be read.</summary>
    public static IReadOnlyDictionary<string, string> Valid { get; } = new Dictionary<string, string>
    {
        [nameof(Full)] = Full,
        [nameof(PatientInstances)] = PatientInstances,
        [nameof(NoContractGate)] = NoContractGate,
    };
}
