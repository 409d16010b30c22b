using System.IO.Compression;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using Npgsql;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// <c>dotnet safe-migrate</c> as a user gets it: EfSafeMigrations.Tool (and the EfSafeMigrations library the app
/// references) packed into a folder feed, installed as a local tool in a fresh folder, run with <c>dotnet safe-migrate</c>.
/// Packing uses the solution build (<c>--no-build</c>, so nothing is restored from the feed, and nothing is rebuilt
/// under the other tests); the install gets its own NuGet packages folder, so a package left from an earlier run with
/// the same version is never used instead.
/// </summary>
public sealed class LocalToolEndToEndTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task Packed_and_installed_as_a_local_tool_it_runs_and_fails_cleanly_on_a_wrong_password()
    {
        using var scratch = new TempFolder("efsm-local-tool-");
        var feed = scratch.Combine("feed");
        var work = Directory.CreateDirectory(scratch.Combine("work")).FullName;
        // Its own packages folder and its own CLI home: the local-tool resolver cache lives in the CLI home and
        // would otherwise point at the packages folder of an earlier run of this test, long deleted.
        var environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = scratch.Combine("packages"),
            ["DOTNET_CLI_HOME"] = Directory.CreateDirectory(scratch.Combine("home")).FullName,
        };

        // The library of the tests' EF Core line; the tool, one for every line, from the newest line's build.
        foreach (var (project, efCoreMajor) in new[] { ("src/EfSafeMigrations/EfSafeMigrations.csproj", TestedLine.EfCoreMajor), ("src/EfSafeMigrations.Tool/EfSafeMigrations.Tool.csproj", TestedLine.NewestMajor) })
        {
            await SucceedsAsync(
                ["pack", Path.Combine(RepositoryPaths.Root, project), "--no-build", "--configuration", SafeMigrateCli.Configuration, $"-p:EfCoreMajor={efCoreMajor}", "--output", feed, "-nologo"],
                environment,
                RepositoryPaths.Root);
        }

        var toolPackage = Assert.Single(Directory.GetFiles(feed, "EfSafeMigrations.Tool.*.nupkg"));
        Assert.Single(Directory.GetFiles(feed, "EfSafeMigrations.*.nupkg"), p => !Path.GetFileName(p).StartsWith("EfSafeMigrations.Tool.", StringComparison.Ordinal));
        var version = Path.GetFileNameWithoutExtension(toolPackage)["EfSafeMigrations.Tool.".Length..];
        using (var package = ZipFile.OpenRead(toolPackage))
        {
            var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("tools/net10.0/any/DotnetToolSettings.xml", entries);
            Assert.Contains("tools/net10.0/any/safe-migrate.dll", entries);
            Assert.Contains("tools/net10.0/any/host/EfSafeMigrations.Tool.Host.dll", entries);
            Assert.Contains("README.md", entries);
            Assert.Contains("safe-migrate.schema.json", entries);
        }

        await SucceedsAsync(["new", "tool-manifest"], environment, work);
        await SucceedsAsync(["tool", "install", "EfSafeMigrations.Tool", "--add-source", feed, "--version", version], environment, work);

        var help = await RunAsync(["safe-migrate", "--help"], environment, work);
        Assert.True(help.ExitCode == ExitCodes.Done, help.Describe());
        Assert.Contains("phase <expand|backfill|contract>", help.StandardOutput, StringComparison.Ordinal);

        var password = "Wrong-" + Guid.NewGuid().ToString("N")[..12];
        var connection = new NpgsqlConnectionStringBuilder(TestServers.PostgresConnectionString) { Password = password }.ConnectionString;
        var status = await RunAsync(["safe-migrate", "status", "--assembly", SafeMigrateCli.ShopAssembly, "--connection", connection], environment, work);

        Assert.True(status.ExitCode == ExitCodes.Failed, "Expected exit code 1. " + status.Describe());
        Assert.Equal(string.Empty, status.StandardOutput);
        var server = new NpgsqlConnectionStringBuilder(connection);
        Assert.StartsWith(
            $"error: The database at {server.Host}:{server.Port} ({server.Database}) could not be used: 28P01: password authentication failed", status.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(password, status.AllOutput, StringComparison.Ordinal);
    }

    private static async Task<SafeMigrateResult> RunAsync(IReadOnlyList<string> dotnetArguments, Dictionary<string, string> environment, string workingDirectory)
    {
        await using var process = SafeMigrateCli.StartCommand(dotnetArguments, environment, workingDirectory);
        return await process.WaitAsync(CommandTimeout);
    }

    private static async Task SucceedsAsync(IReadOnlyList<string> dotnetArguments, Dictionary<string, string> environment, string workingDirectory)
    {
        var result = await RunAsync(dotnetArguments, environment, workingDirectory);
        Assert.True(result.ExitCode == 0, result.Describe());
    }
}
