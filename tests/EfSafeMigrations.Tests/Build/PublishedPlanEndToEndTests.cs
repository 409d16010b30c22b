using System.Security.Cryptography;
using System.Text.Json;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using EfSafeMigrations.Tests.Tool;

namespace EfSafeMigrations.Tests.Build;

/// <summary>
/// The whole way from a migration to a deploy, with the packages as a user gets them (<see cref="BuildPackageFeed"/>):
/// a fresh app consuming EfSafeMigrations and EfSafeMigrations.Build is linted on build, publishes its phase plan, and
/// EfSafeMigrations.Tool, installed as a local tool in another folder, deploys that plan alone (no app, no build) to a
/// real PostgreSQL database, refusing a changed script.
/// </summary>
[Collection(BuildPackageFeedCollection.Name)]
public sealed class PublishedPlanEndToEndTests(BuildPackageFeed feed)
{
    private const string ColumnsOfCustomers =
        "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'Customers'";

    private const string AppliedMigrations = """SELECT string_agg("MigrationId", ',' ORDER BY "MigrationId") FROM "__EFMigrationsHistory" """;

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task An_unsafe_migration_fails_the_build_staged_it_publishes_its_plan_and_the_installed_tool_deploys_the_plan_alone()
    {
        // A hand-edited migration that drops a column the running version still reads: the build fails at its line.
        var app = LintedApp.Create(feed, "published");
        app.WriteMigration(StagedMigrations.InitialExpandId, StagedMigrations.InitialExpand());
        var unsafeSource = StagedMigrations.AddNote();
        var unsafeFile = app.WriteMigration(StagedMigrations.AddNoteId, unsafeSource);

        var failing = await app.BuildAsync();

        Assert.True(failing.ExitCode == 1, "Expected the build to fail. " + failing.Describe());
        var error = $"{unsafeFile}({LintedApp.LineOf(unsafeSource, StagedMigrations.DropAnchor)},1): error ESM0010: DropColumn Customers.Phone in a migration that is not staged";
        Assert.True(failing.StandardOutputLines.Any(l => l.TrimStart().StartsWith(error, StringComparison.Ordinal)), $"Expected a line starting with `{error}`. {failing.Describe()}");

        // Staged: the new column in the group's Expand, the drop in its Contract. The project builds clean.
        app.DeleteMigration(StagedMigrations.AddNoteId);
        app.WriteMigration(StagedMigrations.AddNoteExpandId, StagedMigrations.AddNoteExpand());
        app.WriteMigration(StagedMigrations.AddNoteContractId, StagedMigrations.AddNoteContract());

        var build = await app.BuildAsync();

        Assert.True(build.ExitCode == 0, build.Describe());
        Assert.Contains("3 migrations linted: 0 errors, 0 warnings.", build.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(" 0 Warning(s)", build.StandardOutput, StringComparison.Ordinal);

        // dotnet publish writes the phase plan into the publish output, with the packaged tool in its own process.
        var published = Path.Combine(Path.GetDirectoryName(app.Directory)!, "publish");
        var plan = Path.Combine(published, "safe-migrations");

        var publish = await app.PublishAsync(published);

        Assert.True(publish.ExitCode == 0, publish.Describe());
        Assert.Contains($"safe-migrate.dll\" plan --assembly \"{Path.Combine(app.Directory, "bin")}", publish.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"LintedApp -> {plan}{Path.DirectorySeparatorChar} (EfSafeMigrations phase plan)", publish.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(published, "LintedApp.dll")), publish.Describe());
        Assert.Equal(
            ["AddNote/contract.sql", "AddNote/expand.rollback.sql", "AddNote/expand.sql", "Initial/expand.sql"],
            Directory.GetFiles(plan, "*.sql", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(plan, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(plan, "manifest.json"))))
        {
            Assert.Equal("LintedApp", manifest.RootElement.GetProperty("project").GetString());
            var phases = manifest.RootElement.GetProperty("groups").EnumerateArray()
                .SelectMany(g => g.GetProperty("phases").EnumerateArray().Select(p => (
                    Group: g.GetProperty("name").GetString(),
                    Migration: p.GetProperty("migrationId").GetString(),
                    Script: p.GetProperty("script").GetString()!,
                    Sha256: p.GetProperty("sha256").GetString())))
                .ToList();
            Assert.Equal(
                [
                    ("Initial", StagedMigrations.InitialExpandId, "Initial/expand.sql"),
                    ("AddNote", StagedMigrations.AddNoteExpandId, "AddNote/expand.sql"),
                    ("AddNote", StagedMigrations.AddNoteContractId, "AddNote/contract.sql"),
                ],
                phases.Select(p => (p.Group, p.Migration, p.Script)));
            Assert.All(phases, p => Assert.Equal(p.Sha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(plan, p.Script))))));
        }

        // The tool, installed as a local tool from the same feed in a folder of its own, deploys the plan: no app, no build.
        var deploy = await feed.NewFolderWithToolAsync("deploy");
        await using var database = await PostgresDatabase.CreateAsync("publishedplan");
        Task<SafeMigrateResult> PhaseAsync(string phase)
            => feed.DotnetAsync(["safe-migrate", "phase", phase, "--plan", plan, "--connection", database.ConnectionString, "--no-color"], deploy);

        var expand = await PhaseAsync("expand");

        Assert.True(expand.ExitCode == ExitCodes.Done, expand.Describe());
        Assert.Contains("applied from the plan", expand.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("Id,Name,Phone,Note", await database.ScalarAsync<string>(ColumnsOfCustomers));
        Assert.Equal($"{StagedMigrations.InitialExpandId},{StagedMigrations.AddNoteExpandId}", await database.ScalarAsync<string>(AppliedMigrations));

        // The pipeline's next step: no group has a Backfill, so nothing changes.
        var backfill = await PhaseAsync("backfill");

        Assert.True(backfill.ExitCode == ExitCodes.Done, backfill.Describe());
        Assert.Equal("Id,Name,Phone,Note", await database.ScalarAsync<string>(ColumnsOfCustomers));

        // A failed rollout: the same job rolls the group in flight back from the published plan, and later starts over.
        var rollback = await feed.DotnetAsync(["safe-migrate", "rollback", "--plan", plan, "--connection", database.ConnectionString, "--no-color"], deploy);

        Assert.True(rollback.ExitCode == ExitCodes.Done, rollback.Describe());
        Assert.Contains("Rolled back AddNote from the plan.", rollback.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("Id,Name,Phone", await database.ScalarAsync<string>(ColumnsOfCustomers));
        Assert.Equal(StagedMigrations.InitialExpandId, await database.ScalarAsync<string>(AppliedMigrations));
        Assert.Equal(ExitCodes.Done, (await PhaseAsync("expand")).ExitCode);
        Assert.Equal("Id,Name,Phone,Note", await database.ScalarAsync<string>(ColumnsOfCustomers));

        // A script changed after publish is refused, and nothing is changed.
        var contractScript = Path.Combine(plan, "AddNote", "contract.sql");
        File.AppendAllText(contractScript, "DROP TABLE \"Customers\";\n");

        var tampered = await PhaseAsync("contract");

        Assert.True(tampered.ExitCode == ExitCodes.Refused, "Expected exit code 3. " + tampered.Describe());
        Assert.Contains("AddNote/contract.sql does not match the checksum in the manifest", tampered.AllOutput, StringComparison.Ordinal);
        Assert.Equal("Id,Name,Phone,Note", await database.ScalarAsync<string>(ColumnsOfCustomers));
        Assert.Equal($"{StagedMigrations.InitialExpandId},{StagedMigrations.AddNoteExpandId}", await database.ScalarAsync<string>(AppliedMigrations));

        // Published again, the plan is the one publish writes, and the Contract runs once no old instance is left.
        var republish = await app.PublishAsync(published);
        Assert.True(republish.ExitCode == 0, republish.Describe());
        Assert.DoesNotContain("DROP TABLE", File.ReadAllText(contractScript), StringComparison.Ordinal);

        var contract = await PhaseAsync("contract");

        Assert.True(contract.ExitCode == ExitCodes.Done, contract.Describe());
        Assert.Contains("applied from the plan", contract.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("Id,Name,Note", await database.ScalarAsync<string>(ColumnsOfCustomers));
        Assert.Equal(
            $"{StagedMigrations.InitialExpandId},{StagedMigrations.AddNoteExpandId},{StagedMigrations.AddNoteContractId}",
            await database.ScalarAsync<string>(AppliedMigrations));
    }
}
