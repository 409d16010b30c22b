using EfSafeMigrations.Deployment;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Running;
using EfSafeMigrations.Tests.TestInfrastructure;
using Npgsql;
using Shop;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// What the bad-input cases run against: sample shop databases in every state a pipeline meets (fresh, expanded,
/// finished, changed by hand, holding another project's migration, with an old app instance, locked by another runner),
/// a published plan of the shop and damaged copies of it. Made once for all the cases; every case checks that it
/// changes none of the databases.
/// </summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    /// <summary>A migration no plan or build of the shop knows.</summary>
    public const string ForeignMigration = "20200101000000_OtherProject_Expand";

    private readonly Dictionary<string, PostgresDatabase> databases = new(StringComparer.Ordinal);
    private readonly TempFolder folder = new("efsm-bad-input-");
    private NpgsqlConnection? lockHolder;

    /// <summary>The databases by state: fresh, expanded, backfilled, done, drifted, foreign, instances, locked.</summary>
    public IReadOnlyDictionary<string, PostgresDatabase> Databases => databases;

    /// <summary>The folder holding the plans and other files the cases name.</summary>
    public string FolderPath => folder.Path;

    public async Task InitializeAsync()
    {
        foreach (var state in new[] { "fresh", "expanded", "backfilled", "done", "drifted", "foreign", "instances", "locked" })
        {
            databases[state] = await PostgresDatabase.CreateAsync("bad_" + state);
        }

        await ApplyAsync("expanded", MigrationPhase.Expand);
        await ApplyAsync("backfilled", MigrationPhase.Expand, MigrationPhase.Backfill);
        await ApplyAsync("done", MigrationPhase.Expand, MigrationPhase.Backfill, MigrationPhase.Contract);
        await ApplyAsync("drifted", MigrationPhase.Expand);
        await databases["drifted"].ExecuteAsync("""ALTER TABLE "Customers" DROP COLUMN "EmailAddress" """);
        await ApplyAsync("foreign", MigrationPhase.Expand);
        await databases["foreign"].ExecuteAsync($"""INSERT INTO "__EFMigrationsHistory" VALUES ('{ForeignMigration}', '10.0.0')""");
        await ApplyAsync("instances", MigrationPhase.Expand, MigrationPhase.Backfill);
        await SeedOldInstanceAsync(databases["instances"]);
        await ApplyAsync("locked", MigrationPhase.Expand);

        // Another runner's session: it holds the runner's advisory lock until the cases are done.
        lockHolder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(databases["locked"].ConnectionString) { ApplicationName = "safe-migrate other-host pid 4242", Pooling = false }.ConnectionString);
        await lockHolder.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({EfSafeMigrations.Running.DatabaseLock.Key})", lockHolder))
        {
            await take.ExecuteNonQueryAsync();
        }

        await WritePlansAsync();
    }

    public async Task DisposeAsync()
    {
        if (lockHolder != null)
        {
            await lockHolder.DisposeAsync();
        }

        foreach (var database in databases.Values)
        {
            await database.DisposeAsync();
        }

        folder.Dispose();
    }

    private async Task ApplyAsync(string state, params MigrationPhase[] phases)
    {
        foreach (var phase in phases)
        {
            var run = await RunnerScenario.RunAsync(() => new ShopContext(ShopContext.Options(databases[state].ConnectionString)), RunnerCommand.Phase, phase);
            Assert.True(run.Result.ExitCode == ExitCodes.Done, $"{state}: {phase}: {run.Result.Message}");
        }
    }

    /// <summary>A live instance of the shop running code from before the CustomerDetails Contract.</summary>
    private static async Task SeedOldInstanceAsync(PostgresDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var registry = new InstanceRegistry(connection, DatabaseDialects.PostgreSql.Deployment);
        await registry.EnsureCreatedAsync(CancellationToken.None);
        await registry.HeartbeatAsync(
            new InstanceRow("old-web", "host-a", 101, "Shop", typeof(ShopContext).FullName!, "20261121074356_CustomerDetails_Expand", DateTimeOffset.UtcNow, 0), CancellationToken.None);
    }

    /// <summary>The shop's plan, and copies of it damaged in the ways a pipeline meets.</summary>
    private async Task WritePlansAsync()
    {
        var plan = folder.Combine("plan");
        var written = await SafeMigrateCli.RunAsync(["plan", "--assembly", SafeMigrateCli.ShopAssembly, "--output", plan]);
        Assert.True(written.ExitCode == ExitCodes.Done, written.Describe());
        var manifest = File.ReadAllText(Path.Combine(plan, "manifest.json"));

        Copy(plan, "plan-truncated", p => File.WriteAllText(Path.Combine(p, "manifest.json"), string.Join('\n', manifest.Split('\n').Take(7))));
        Copy(plan, "plan-not-json", p => File.WriteAllText(Path.Combine(p, "manifest.json"), "<html>502 Bad Gateway</html>"));
        Copy(plan, "plan-empty-manifest", p => File.WriteAllText(Path.Combine(p, "manifest.json"), string.Empty));
        Copy(plan, "plan-wrong-shape", p => File.WriteAllText(Path.Combine(p, "manifest.json"), manifest.Replace("\"format\": 1", "\"format\": \"one\"", StringComparison.Ordinal)));
        Copy(plan, "plan-format-2", p => File.WriteAllText(Path.Combine(p, "manifest.json"), manifest.Replace("\"format\": 1", "\"format\": 2", StringComparison.Ordinal)));
        Copy(plan, "plan-no-groups", p => File.WriteAllText(Path.Combine(p, "manifest.json"), "{ \"format\": 1 }"));
        Copy(plan, "plan-other-provider", p => File.WriteAllText(
            Path.Combine(p, "manifest.json"), manifest.Replace("Npgsql.EntityFrameworkCore.PostgreSQL", "Microsoft.EntityFrameworkCore.SqlServer", StringComparison.Ordinal)));
        Copy(plan, "plan-mysql", p => File.WriteAllText(
            Path.Combine(p, "manifest.json"), manifest.Replace("Npgsql.EntityFrameworkCore.PostgreSQL", "Pomelo.EntityFrameworkCore.MySql", StringComparison.Ordinal)));
        Copy(plan, "plan-tampered", p => File.AppendAllText(Path.Combine(p, "CustomerDetails", "contract.sql"), "DROP TABLE \"Orders\";\n"));
        Copy(plan, "plan-missing-script", p => File.Delete(Path.Combine(p, "CustomerDetails", "backfill.sql")));
        Copy(plan, "plan-tampered-rollback", p => File.AppendAllText(Path.Combine(p, "CustomerDetails", "expand.rollback.sql"), "DROP TABLE \"Orders\";\n"));
        Copy(plan, "plan-without-rollback", p => File.WriteAllText(Path.Combine(p, "manifest.json"), WithoutRollbacks(manifest)));
        Directory.CreateDirectory(folder.Combine("empty"));
        Directory.CreateDirectory(folder.Combine("loose"));
        File.Copy(SafeMigrateCli.ShopAssembly, folder.Combine("loose", "Shop.dll"));
        File.WriteAllText(folder.Combine("a-file"), "not a folder");
    }

    /// <summary>The manifest as a version before rollback scripts wrote it.</summary>
    private static string WithoutRollbacks(string manifest)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(manifest)!;
        foreach (var phase in root["groups"]!.AsArray().SelectMany(g => g!["phases"]!.AsArray()))
        {
            phase!.AsObject().Remove("rollback");
        }

        return root.ToJsonString();
    }

    private void Copy(string plan, string name, Action<string> damage)
    {
        var copy = folder.Combine(name);
        foreach (var file in Directory.GetFiles(plan, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(plan, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        damage(copy);
    }
}
