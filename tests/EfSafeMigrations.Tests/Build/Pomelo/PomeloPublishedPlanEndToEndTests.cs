using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using EfSafeMigrations.Tests.Tool;

namespace EfSafeMigrations.Tests.Build.Pomelo;

/// <summary>
/// <see cref="PublishedPlanEndToEndTests"/> for a Pomelo app: the packed EfSafeMigrations.Build lints its migrations on
/// build with MySQL's facts (the server version it is told), <c>dotnet publish</c> writes a plan of MySQL scripts whose
/// ALTERs ask for the online algorithm, and the installed tool deploys that plan alone to a real MariaDB database.
/// </summary>
[Collection(BuildPackageFeedCollection.Name)]
public sealed class PomeloPublishedPlanEndToEndTests(BuildPackageFeed feed)
{
    private const string ColumnsOfCustomers =
        "SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Customers'";

    private const string AppliedMigrations = "SELECT GROUP_CONCAT(`MigrationId` ORDER BY `MigrationId`) FROM `__EFMigrationsHistory`";

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task A_Pomelo_app_is_linted_for_its_server_publishes_a_MySQL_plan_and_the_installed_tool_deploys_it_to_MariaDB()
    {
        var app = LintedApp.Create(feed, "pomelo-published", LintedAppProvider.Pomelo);
        app.WriteMigration(StagedMigrations.InitialExpandId, StagedMigrations.InitialExpand(LintedAppProvider.Pomelo));
        var unsafeSource = StagedMigrations.AddNote();
        var unsafeFile = app.WriteMigration(StagedMigrations.AddNoteId, unsafeSource);

        var failing = await app.BuildAsync();

        Assert.True(failing.ExitCode == 1, "Expected the build to fail. " + failing.Describe());
        var error = $"{unsafeFile}({LintedApp.LineOf(unsafeSource, StagedMigrations.DropAnchor)},1): error ESM0010: DropColumn Customers.Phone in a migration that is not staged";
        Assert.True(failing.StandardOutputLines.Any(l => l.TrimStart().StartsWith(error, StringComparison.Ordinal)), $"Expected a line starting with `{error}`. {failing.Describe()}");

        app.DeleteMigration(StagedMigrations.AddNoteId);
        app.WriteMigration(StagedMigrations.AddNoteExpandId, StagedMigrations.AddNoteExpand());
        var contractSource = StagedMigrations.AddNoteContract();
        var contractFile = app.WriteMigration(StagedMigrations.AddNoteContractId, contractSource);

        // Told the production server is MariaDB 10.3, the lint warns that its Contract's drop rebuilds the table there.
        var onOldServer = await app.BuildAsync("EfSafeMigrationsServerVersion=10.3.39-mariadb");

        Assert.True(onOldServer.ExitCode == 0, onOldServer.Describe());
        var warning = $"{contractFile}({LintedApp.LineOf(contractSource, StagedMigrations.DropAnchor)},1): warning ESM0020: On MariaDB 10.3.39, DropColumn Customers.Phone rebuilds the whole table";
        Assert.True(onOldServer.StandardOutputLines.Any(l => l.TrimStart().StartsWith(warning, StringComparison.Ordinal)), $"Expected a line starting with `{warning}`. {onOldServer.Describe()}");

        var build = await app.BuildAsync("EfSafeMigrationsServerVersion=10.11-mariadb");

        Assert.True(build.ExitCode == 0, build.Describe());
        Assert.Contains("3 migrations linted: 0 errors, 0 warnings.", build.StandardOutput, StringComparison.Ordinal);

        var published = Path.Combine(Path.GetDirectoryName(app.Directory)!, "publish");
        var plan = Path.Combine(published, "safe-migrations");
        var publish = await app.PublishAsync(published);

        Assert.True(publish.ExitCode == 0, publish.Describe());
        var initialScript = File.ReadAllText(Path.Combine(plan, "Initial", "expand.sql"));
        Assert.True(initialScript.Contains("`Id` int NOT NULL AUTO_INCREMENT", StringComparison.Ordinal), initialScript);
        var contractScript = File.ReadAllText(Path.Combine(plan, "AddNote", "contract.sql"));
        Assert.Contains("ALTER TABLE `Customers` DROP COLUMN `Phone`, ALGORITHM=INSTANT", contractScript, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Customers\"", contractScript, StringComparison.Ordinal);

        var deploy = await feed.NewFolderWithToolAsync("pomelo-deploy");
        await using var database = await MariaDbDatabase.CreateAsync("pomelo_plan");
        Task<SafeMigrateResult> PhaseAsync(string phase)
            => feed.DotnetAsync(["safe-migrate", "phase", phase, "--plan", plan, "--connection", database.ConnectionString, "--no-color"], deploy);

        var expand = await PhaseAsync("expand");

        Assert.True(expand.ExitCode == ExitCodes.Done, expand.Describe());
        Assert.Contains("applied from the plan", expand.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("Id,Name,Phone,Note", await database.ScalarAsync<string>(ColumnsOfCustomers));
        await database.ExecuteAsync("INSERT INTO `Customers` (`Name`, `Phone`, `Note`) VALUES ('Ada', '555', 'first')");

        var rollback = await feed.DotnetAsync(["safe-migrate", "rollback", "--plan", plan, "--connection", database.ConnectionString, "--no-color"], deploy);

        Assert.True(rollback.ExitCode == ExitCodes.Done, rollback.Describe());
        Assert.Equal("Id,Name,Phone", await database.ScalarAsync<string>(ColumnsOfCustomers));
        Assert.Equal(StagedMigrations.InitialExpandId, await database.ScalarAsync<string>(AppliedMigrations));

        Assert.Equal(ExitCodes.Done, (await PhaseAsync("expand")).ExitCode);
        Assert.Equal(ExitCodes.Done, (await PhaseAsync("backfill")).ExitCode);
        var contract = await PhaseAsync("contract");

        Assert.True(contract.ExitCode == ExitCodes.Done, contract.Describe());
        Assert.Equal("Id,Name,Note", await database.ScalarAsync<string>(ColumnsOfCustomers));
        Assert.Equal("Ada", await database.ScalarAsync<string>("SELECT `Name` FROM `Customers`"));
        Assert.Equal(
            $"{StagedMigrations.InitialExpandId},{StagedMigrations.AddNoteExpandId},{StagedMigrations.AddNoteContractId}",
            await database.ScalarAsync<string>(AppliedMigrations));
    }
}
