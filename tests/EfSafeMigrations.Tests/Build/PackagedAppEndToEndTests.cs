using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Design.EndToEnd;
using EfSafeMigrations.Tests.TestInfrastructure;
using EfSafeMigrations.Tests.Tool;

namespace EfSafeMigrations.Tests.Build;

/// <summary>
/// The product on the tests' EF Core line (<see cref="TestedLine"/>) as a user of that line gets it: a fresh app on
/// that line's EF Core and Npgsql provider consumes the packed EfSafeMigrations by PackageReference from a folder feed,
/// the line's own <c>dotnet ef</c> writes the staged group, and the installed <c>dotnet safe-migrate</c> (one tool for
/// every line) applies expand, backfill and contract to a real PostgreSQL database.
/// </summary>
[Collection(BuildPackageFeedCollection.Name)]
public sealed class PackagedAppEndToEndTests(BuildPackageFeed feed)
{
    private const string ColumnsOfCustomers =
        "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'Customers'";

    private static string Line => TestedLine.EfCoreMajor.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void The_library_package_depends_on_its_EF_Core_line_only()
    {
        using var package = ZipFile.OpenRead(Path.Combine(feed.Feed, $"EfSafeMigrations.{feed.Version}.nupkg"));
        using var stream = package.Entries.Single(e => e.FullName == "EfSafeMigrations.nuspec").Open();
        var dependencies = XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!, StringComparer.Ordinal);

        var next = (TestedLine.EfCoreMajor + 1).ToString(CultureInfo.InvariantCulture);
        Assert.Equal($"[{TestedLine.EfCoreVersion}, {next}.0.0)", dependencies["Microsoft.EntityFrameworkCore.Relational"]);
        Assert.All(
            dependencies.Where(d => d.Key.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || d.Key.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)),
            d => Assert.StartsWith($"{Line}.", d.Value.TrimStart('['), StringComparison.Ordinal));
        Assert.DoesNotContain("Microsoft.EntityFrameworkCore.Design", dependencies.Keys);
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task A_fresh_app_on_the_line_stages_a_change_with_dotnet_ef_and_the_installed_tool_deploys_its_phases()
    {
        var app = Directory.CreateDirectory(Path.Combine(feed.NewFolderWithNuGetConfig("packaged-" + Line), "App")).FullName;
        File.WriteAllText(Path.Combine(app, "App.csproj"), feed.AppProjectFile("Npgsql.EntityFrameworkCore.PostgreSQL", TestedLine.NpgsqlEfVersion));
        File.WriteAllText(Path.Combine(app, "dotnet-tools.json"), feed.AppToolManifest());
        File.WriteAllText(Path.Combine(app, ScratchProject.ContextName + "Factory.cs"), ScratchProject.FactorySource);
        await SucceedsAsync(["tool", "restore"], app);
        await using var database = await PostgresDatabase.CreateAsync("packaged_app");

        File.WriteAllText(Path.Combine(app, "Model.cs"), ScratchModels.V1);
        await SucceedsAsync(["build", "-nologo"], app);
        await SucceedsAsync(["ef", "migrations", "add", "Initial", "--no-color"], app);
        await SucceedsAsync(["safe-migrate", "phase", "expand", "--connection", database.ConnectionString, "--no-color"], app);
        await database.ExecuteAsync("""INSERT INTO "Customers" ("Name", "Email", "Phone") VALUES ('Ada', 'ada@example.com', '555')""");

        // The app was built on the line's EF Core with the line's EfSafeMigrations package.
        var deps = File.ReadAllText(Path.Combine(app, "bin", "Debug", "net10.0", "App.deps.json"));
        Assert.Contains($"\"Microsoft.EntityFrameworkCore.Relational/{TestedLine.EfCoreVersion}\"", deps, StringComparison.Ordinal);
        Assert.Contains($"\"Npgsql.EntityFrameworkCore.PostgreSQL/{TestedLine.NpgsqlEfVersion}\"", deps, StringComparison.Ordinal);
        Assert.Contains($"\"EfSafeMigrations/{feed.Version}\"", deps, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(app, "Model.cs"), ScratchModels.V2);
        var add = await SucceedsAsync(["ef", "migrations", "add", "CustomerDetails", "--no-color"], app);
        Assert.Contains("staged 'CustomerDetails' into", add.StandardOutput, StringComparison.Ordinal);
        var phases = Directory.GetFiles(Path.Combine(app, "Migrations"), "*_CustomerDetails_*.cs")
            .Where(f => !f.EndsWith(".Designer.cs", StringComparison.Ordinal))
            .Select(f => Path.GetFileNameWithoutExtension(f)[15..])
            .Order(StringComparer.Ordinal);
        Assert.Equal(["CustomerDetails_Backfill", "CustomerDetails_Contract", "CustomerDetails_Expand"], phases);

        foreach (var phase in new[] { "expand", "backfill", "contract" })
        {
            var run = await feed.DotnetAsync(["safe-migrate", "phase", phase, "--connection", database.ConnectionString, "--no-color"], app);
            Assert.True(run.ExitCode == ExitCodes.Done, run.Describe());
        }

        Assert.Equal("Id,Name,EmailAddress,Tier", await database.ScalarAsync<string>(ColumnsOfCustomers));
        Assert.Equal("ada@example.com", await database.ScalarAsync<string>("""SELECT "EmailAddress" FROM "Customers" WHERE "Name" = 'Ada'"""));
        Assert.Equal(4L, await database.ScalarAsync<long>("""SELECT count(*) FROM "__EFMigrationsHistory" """));
        var status = await feed.DotnetAsync(["safe-migrate", "status", "--require", "contracted", "--connection", database.ConnectionString, "--no-color"], app);
        Assert.True(status.ExitCode == ExitCodes.Done, status.Describe());
    }

    private async Task<SafeMigrateResult> SucceedsAsync(IReadOnlyList<string> dotnetArguments, string workingDirectory)
    {
        var result = await feed.DotnetAsync(dotnetArguments, workingDirectory);
        Assert.True(result.ExitCode == 0, result.Describe());
        return result;
    }
}
