using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Design.EndToEnd;
using EfSafeMigrations.Tests.TestInfrastructure;
using EfSafeMigrations.Tests.Tool;

namespace EfSafeMigrations.Tests.Build;

/// <summary>
/// A MySQL provider user's app, as they get the product: a fresh app on the provider consumes the packed EfSafeMigrations
/// from a folder feed, this line's <c>dotnet ef</c> writes the staged group, and the installed <c>dotnet safe-migrate</c>
/// applies expand, backfill (killed with SIGKILL half way, then resumed by the same command) and contract to a real
/// MariaDB database. Each provider's test (Pomelo on EF Core 9, Oracle's on EF Core 10) gives its package and its
/// <c>Use...</c> call.
/// </summary>
/// <param name="feed">The packed packages.</param>
/// <param name="package">The provider's package id.</param>
/// <param name="version">The provider's package version.</param>
/// <param name="useProvider">The options call that puts the provider on the design-time factory's options, with <c>{0}</c> for the connection string.</param>
internal sealed class MySqlAppEndToEnd(BuildPackageFeed feed, string package, string version, string useProvider)
{
    private const int Seeded = 20_000;

    private const string ColumnsOfCustomers =
        "SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY COLUMN_NAME) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Customers'";

    /// <summary>A MySQL model bounds its strings: an unbounded one maps to longtext, which has no default and no index.</summary>
    private const string BoundedStrings =
        "    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => configurationBuilder.Properties<string>().HaveMaxLength(200);\n\n"
        + "    protected override void OnModelCreating(";

    /// <summary>Runs the whole story in a new folder named <paramref name="name"/>; returns what <c>dotnet ef migrations add</c> printed for the staged change.</summary>
    public async Task<SafeMigrateResult> RunAsync(string name)
    {
        var app = Directory.CreateDirectory(Path.Combine(feed.NewFolderWithNuGetConfig(name), "App")).FullName;
        File.WriteAllText(Path.Combine(app, "App.csproj"), feed.AppProjectFile(package, version));
        File.WriteAllText(Path.Combine(app, "dotnet-tools.json"), feed.AppToolManifest());
        File.WriteAllText(Path.Combine(app, ScratchProject.ContextName + "Factory.cs"), Factory());
        await SucceedsAsync(["tool", "restore"], app);
        await using var database = await MariaDbDatabase.CreateAsync(name + "_app");

        File.WriteAllText(Path.Combine(app, "Model.cs"), MySqlModel(ScratchModels.V1));
        await SucceedsAsync(["build", "-nologo"], app);
        await SucceedsAsync(["ef", "migrations", "add", "Initial", "--no-color"], app);
        await SucceedsAsync(["safe-migrate", "phase", "expand", "--connection", database.ConnectionString, "--no-color"], app);
        await database.ExecuteAsync("INSERT INTO `Customers` (`Name`, `Email`, `Phone`) VALUES ('Ada', 'ada@example.com', '555')");
        var deps = File.ReadAllText(Path.Combine(app, "bin", "Debug", "net10.0", "App.deps.json"));
        Assert.Contains($"\"{package}/{version}\"", deps, StringComparison.Ordinal);
        Assert.Contains($"\"EfSafeMigrations/{feed.Version}\"", deps, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(app, "Model.cs"), MySqlModel(ScratchModels.V2));
        var add = await SucceedsAsync(["ef", "migrations", "add", "CustomerDetails", "--no-color"], app);
        Assert.Contains("staged 'CustomerDetails' into", add.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("adds foreign key FK_Orders_Customers_CustomerId in place with foreign_key_checks off", add.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT VALID", add.StandardOutput, StringComparison.Ordinal);
        var lint = await feed.DotnetAsync(["safe-migrate", "lint", "--server-version", "15", "--no-color"], app);
        Assert.True(lint.ExitCode == ExitCodes.Usage, lint.Describe());
        Assert.Contains(
            $"--server-version 15 is a PostgreSQL major version, but ScratchContext uses {package}: give a MySQL or MariaDB version such as 8.0.36-mysql or 10.11-mariadb.",
            lint.AllOutput,
            StringComparison.Ordinal);

        // A wrong password: the server is named with its port, the password never.
        var wrong = new MySqlConnector.MySqlConnectionStringBuilder(database.ConnectionString) { Password = "not-the-password-8k2" };
        var refused = await feed.DotnetAsync(["safe-migrate", "phase", "expand", "--connection", wrong.ConnectionString, "--no-color"], app);
        Assert.True(refused.ExitCode == ExitCodes.Failed, refused.Describe());
        Assert.Contains($"The database at {wrong.Server}:{wrong.Port} ({wrong.Database}) could not be used: ", refused.AllOutput, StringComparison.Ordinal);
        Assert.Contains("Access denied", refused.AllOutput, StringComparison.Ordinal);
        Assert.Contains("No migration had started: run the same command again once that is fixed.", refused.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong.Password, refused.AllOutput, StringComparison.Ordinal);

        await database.ExecuteAsync($"""
            INSERT INTO `Customers` (`Name`, `Email`, `Phone`)
            SELECT CONCAT('c', seq), CONCAT('c', seq, '@example.com'), '1' FROM seq_1_to_{Seeded}
            """);
        await PhaseSucceedsAsync("expand", database, app);

        // SIGKILL of the tool (its runner host goes with it) in the middle of the backfill; the same command resumes.
        await using (var killed = feed.StartDotnet(
            ["safe-migrate", "phase", "backfill", "--connection", database.ConnectionString, "--batch-size", "200", "--max-rows-per-second", "4000", "--no-color"], app))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (await RowsBackfilledAsync(database) < 2_000 && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(50);
            }

            Assert.True(killed.Kill(), "The backfill ended before it could be killed.");
            await killed.WaitAsync(TimeSpan.FromMinutes(1));
        }

        var checkpoint = await RowsBackfilledAsync(database);
        Assert.InRange(checkpoint, 2_000, Seeded);
        var resumed = await PhaseSucceedsAsync("backfill", database, app);
        Assert.Contains($"resuming the backfill of Customers.EmailAddress after {checkpoint} rows", resumed.StandardOutput, StringComparison.Ordinal);
        await PhaseSucceedsAsync("contract", database, app);

        Assert.Equal("EmailAddress,Id,Name,Tier", await database.ScalarAsync<string>(ColumnsOfCustomers));
        Assert.Equal("ada@example.com", await database.ScalarAsync<string>("SELECT `EmailAddress` FROM `Customers` WHERE `Name` = 'Ada'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM `Customers` WHERE `Name` <> 'Ada' AND `EmailAddress` <> CONCAT(`Name`, '@example.com')"));
        Assert.Equal(Seeded + 1L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM `Customers`"));
        Assert.Equal(4L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM `__EFMigrationsHistory`"));
        Assert.Equal(1L, await database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'Orders'"));
        var status = await feed.DotnetAsync(["safe-migrate", "status", "--require", "contracted", "--connection", database.ConnectionString, "--no-color"], app);
        Assert.True(status.ExitCode == ExitCodes.Done, status.Describe());
        return add;
    }

    private static async Task<long> RowsBackfilledAsync(MariaDbDatabase database)
        => await database.ScalarAsync<long?>("SELECT MAX(rows_done) FROM `__EFSafeMigrations` WHERE step LIKE 'backfill:%'") ?? 0;

    private async Task<SafeMigrateResult> PhaseSucceedsAsync(string phase, MariaDbDatabase database, string app)
    {
        var run = await feed.DotnetAsync(["safe-migrate", "phase", phase, "--connection", database.ConnectionString, "--no-color"], app);
        Assert.True(run.ExitCode == ExitCodes.Done, run.Describe());
        return run;
    }

    private static string MySqlModel(string model) => model.Replace("    protected override void OnModelCreating(", BoundedStrings, StringComparison.Ordinal);

    private string Factory() => ScratchProject.FactorySource.Replace(
        "UseNpgsql(Environment.GetEnvironmentVariable(\"SCRATCH_DB\") ?? \"Host=127.0.0.1;Database=scratch\")",
        string.Format(System.Globalization.CultureInfo.InvariantCulture, useProvider, "Environment.GetEnvironmentVariable(\"SCRATCH_DB\") ?? \"Server=127.0.0.1;Database=scratch\""),
        StringComparison.Ordinal);

    private async Task<SafeMigrateResult> SucceedsAsync(IReadOnlyList<string> dotnetArguments, string workingDirectory)
    {
        var result = await feed.DotnetAsync(dotnetArguments, workingDirectory);
        Assert.True(result.ExitCode == 0, result.Describe());
        return result;
    }
}
