using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Running;
using EfSafeMigrations.Tests.TestInfrastructure;
using EfSafeMigrations.Tests.Tool;
using Shop;

namespace EfSafeMigrations.Tests.Deployment;

/// <summary>
/// The sample shop's groups (Initial: an Expand; CustomerDetails: Expand, Backfill, Contract) deployed to a fresh
/// database by the runner, with a <c>safe-migrate.json</c> in a folder of its own.
/// </summary>
internal sealed class ShopDeployment : IAsyncDisposable
{
    public const string Expand = "20261121074356_CustomerDetails_Expand";
    public const string Backfill = "20261121074357_CustomerDetails_Backfill";
    public const string Contract = "20261121074358_CustomerDetails_Contract";
    public const string InitialExpand = "20261121074208_Initial_Expand";

    private ShopDeployment(PostgresDatabase database, TempFolder folder) => (Database, Folder) = (database, folder);

    public PostgresDatabase Database { get; }

    public TempFolder Folder { get; }

    public string ConfigFile => Folder.Combine("safe-migrate.json");

    public static async Task<ShopDeployment> CreateAsync(string configJson)
    {
        var deployment = new ShopDeployment(await PostgresDatabase.CreateAsync("deploy"), new TempFolder("efsm-deploy-"));
        deployment.WriteConfig(configJson);
        return deployment;
    }

    public void WriteConfig(string json) => File.WriteAllText(ConfigFile, json);

    public Task<RecordingEvents> RunAsync(MigrationPhase phase, RunnerSettings? settings = null, bool dryRun = false)
        => RunnerScenario.RunAsync(Shop, RunnerCommand.Phase, phase, dryRun: dryRun, settings: settings, configFile: ConfigFile);

    /// <summary>What <c>dotnet safe-migrate flag NAME [--off]</c> does.</summary>
    public Task<RecordingEvents> SetFlagAsync(string name, bool enabled = true)
        => RunnerScenario.RunAsync(Shop, RunnerCommand.Flag, adjust: r => r with { FlagName = name, FlagEnabled = enabled });

    public Task<RecordingEvents> RollbackAsync()
        => RunnerScenario.RunAsync(Shop, RunnerCommand.Rollback, configFile: ConfigFile);

    /// <summary>Applies phases that must succeed.</summary>
    public async Task ApplyAsync(params MigrationPhase[] phases)
    {
        foreach (var phase in phases)
        {
            var run = await RunAsync(phase);
            Assert.True(run.Result.ExitCode == 0, run.Result.Message);
        }
    }

    /// <summary>EF Core's history, comma-separated in id order.</summary>
    public async Task<string> HistoryAsync()
        => await Database.ScalarAsync<string>("""SELECT string_agg("MigrationId", ',' ORDER BY "MigrationId") FROM "__EFMigrationsHistory" """) ?? string.Empty;

    /// <summary>The deployment flags as <c>name=on|off</c>, comma-separated by name.</summary>
    public async Task<string> FlagsAsync()
        => await Database.ScalarAsync<string>("""SELECT string_agg(name || '=' || CASE WHEN enabled THEN 'on' ELSE 'off' END, ',' ORDER BY name) FROM "__EFSafeMigrationsFlags" """) ?? string.Empty;

    private ShopContext Shop() => new(ShopContext.Options(Database.ConnectionString));

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Folder.Dispose();
    }
}
