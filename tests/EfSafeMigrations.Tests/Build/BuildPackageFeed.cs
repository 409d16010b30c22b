using System.Globalization;
using System.Security;
using EfSafeMigrations.Tests.TestInfrastructure;
using EfSafeMigrations.Tests.Tool;

namespace EfSafeMigrations.Tests.Build;

/// <summary>
/// EfSafeMigrations and EfSafeMigrations.Build of the tests' EF Core line (<see cref="TestedLine"/>) and
/// EfSafeMigrations.Tool (one tool for every line, packed from the newest line's build) in one folder feed, as a user gets them,
/// with a NuGet.Config that lists that feed and this machine's own package sources, and an environment with its own
/// NuGet packages folder and CLI home (so a package of the same version left by an earlier run, a stale cache or a
/// local-tool resolver cache pointing into an earlier run's packages folder is never used). Packing uses the solution
/// build (<c>--no-build</c>: nothing is rebuilt under the other tests), and writes its .nuspec files (and the tool's
/// publish output, which its package is made from) into this folder, not into the projects' folders that another
/// test's pack may be writing at the same time. Shared by the tests of <see cref="BuildPackageFeedCollection"/>, so it
/// is packed once.
/// </summary>
public sealed class BuildPackageFeed : IAsyncLifetime
{
    private static readonly (string Project, int EfCoreMajor)[] PackedProjects =
    [
        ("src/EfSafeMigrations/EfSafeMigrations.csproj", TestedLine.EfCoreMajor),
        ("src/EfSafeMigrations.Build/EfSafeMigrations.Build.csproj", TestedLine.EfCoreMajor),
        ("src/EfSafeMigrations.Tool/EfSafeMigrations.Tool.csproj", TestedLine.NewestMajor),
    ];

    private readonly TempFolder scratch = new("efsm-build-package-");

    /// <summary>The folder feed.</summary>
    public string Feed => scratch.Combine("feed");

    /// <summary>The packed EfSafeMigrations.Build package.</summary>
    public string BuildPackage { get; private set; } = string.Empty;

    /// <summary>The version EfSafeMigrations and EfSafeMigrations.Build were packed with: <c>9.x</c> or <c>10.x</c>, the line's.</summary>
    public string Version { get; private set; } = string.Empty;

    /// <summary>The version of the packed EfSafeMigrations.Tool (the newest line's, whatever the tests' line).</summary>
    public string ToolVersion { get; private set; } = string.Empty;

    /// <summary>A NuGet.Config listing only the feed and the package sources this machine uses.</summary>
    public string NuGetConfig { get; private set; } = string.Empty;

    /// <summary>The environment for every command of the tests: its own NuGet packages folder and CLI home.</summary>
    internal IReadOnlyDictionary<string, string> Environment { get; private set; } = new Dictionary<string, string>();

    /// <summary>A new empty folder for one test's projects, outside the repository.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(scratch.Combine("projects", name)).FullName;

    /// <summary>A new folder <paramref name="name"/> as <see cref="NewFolder"/>, holding only <see cref="NuGetConfig"/>.</summary>
    public string NewFolderWithNuGetConfig(string name)
    {
        var folder = NewFolder(name);
        File.WriteAllText(Path.Combine(folder, "NuGet.Config"), NuGetConfig);
        return folder;
    }

    /// <summary>
    /// A new folder <paramref name="name"/> as a deploy job has it: EfSafeMigrations.Tool installed from the feed as a local
    /// tool, and nothing else (no app, no build).
    /// </summary>
    public async Task<string> NewFolderWithToolAsync(string name)
    {
        var folder = NewFolderWithNuGetConfig(name);
        foreach (var arguments in new[] { ["new", "tool-manifest"], new[] { "tool", "install", "EfSafeMigrations.Tool", "--version", ToolVersion } })
        {
            var result = await DotnetAsync(arguments, folder);
            Assert.True(result.ExitCode == 0, result.Describe());
        }

        return folder;
    }

    /// <summary>The project file of a fresh app on EfSafeMigrations from the feed, the provider <paramref name="package"/> and EF Core's design package.</summary>
    public string AppProjectFile(string package, string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <RootNamespace>Scratch</RootNamespace>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="EfSafeMigrations" Version="{Version}" />
            <PackageReference Include="{package}" Version="{version}" />
            <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="{TestedLine.EfCoreVersion}">
              <PrivateAssets>all</PrivateAssets>
              <IncludeAssets>runtime; build; native; contentfiles; analyzers; buildtransitive</IncludeAssets>
            </PackageReference>
          </ItemGroup>
        </Project>
        """;

    /// <summary>A local tool manifest with this line's <c>dotnet ef</c> and the feed's <c>dotnet safe-migrate</c>.</summary>
    public string AppToolManifest() => $$"""
        {
          "version": 1,
          "isRoot": true,
          "tools": {
            "dotnet-ef": { "version": "{{TestedLine.DotnetEfVersion}}", "commands": ["dotnet-ef"], "rollForward": false },
            "efsafemigrations.tool": { "version": "{{ToolVersion}}", "commands": ["safe-migrate"], "rollForward": false }
          }
        }
        """;

    public async Task InitializeAsync()
    {
        // The machine's enabled sources, read before this folder has a NuGet.Config and in the normal environment.
        var sources = await RunAsync(["nuget", "list", "source", "--format", "short"], null, scratch.Path);
        Assert.True(sources.ExitCode == 0, sources.Describe());
        var machineSources = sources.StandardOutputLines
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("E ", StringComparison.Ordinal))
            .Select(l => l[2..].Trim())
            .ToList();
        Assert.True(machineSources.Count > 0, "This machine has no enabled NuGet source. " + sources.Describe());

        Environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = scratch.Combine("packages"),
            ["DOTNET_CLI_HOME"] = Directory.CreateDirectory(scratch.Combine("home")).FullName,
        };

        foreach (var (project, efCoreMajor) in PackedProjects)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            var pack = await RunAsync(
                [
                    "pack", Path.Combine(RepositoryPaths.Root, project), "--no-build", "--configuration", SafeMigrateCli.Configuration,
                    string.Create(CultureInfo.InvariantCulture, $"-p:EfCoreMajor={efCoreMajor}"),
                    "--output", Feed, "-nologo", $"-p:NuspecOutputPath={scratch.Combine("nuspec", name)}{Path.DirectorySeparatorChar}",
                    $"-p:PublishDir={scratch.Combine("publish", name)}{Path.DirectorySeparatorChar}",
                ],
                Environment,
                RepositoryPaths.Root);
            Assert.True(
                pack.ExitCode == 0,
                $"Packing {name} failed; the tests pack the solution build, so build the solution ({SafeMigrateCli.Configuration}, EfCoreMajor={efCoreMajor}) first. {pack.Describe()}");
        }

        BuildPackage = Assert.Single(Directory.GetFiles(Feed, "EfSafeMigrations.Build.*.nupkg"));
        Version = Path.GetFileNameWithoutExtension(BuildPackage)["EfSafeMigrations.Build.".Length..];
        Assert.True(File.Exists(Path.Combine(Feed, $"EfSafeMigrations.{Version}.nupkg")), "EfSafeMigrations was not packed with version " + Version);
        Assert.StartsWith(TestedLine.EfCoreMajor.ToString(CultureInfo.InvariantCulture) + ".", Version, StringComparison.Ordinal);
        var toolPackage = Assert.Single(Directory.GetFiles(Feed, "EfSafeMigrations.Tool.*.nupkg"));
        ToolVersion = Path.GetFileNameWithoutExtension(toolPackage)["EfSafeMigrations.Tool.".Length..];

        NuGetConfig = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="efsafemigrations-feed" value="{SecurityElement.Escape(Feed)}" />
            {string.Join(System.Environment.NewLine, machineSources.Select((s, i) => $"    <add key=\"machine-{i + 1}\" value=\"{SecurityElement.Escape(s)}\" />"))}
              </packageSources>
            </configuration>
            """;
    }

    public Task DisposeAsync()
    {
        scratch.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="workingDirectory"/> with this feed's environment.</summary>
    internal Task<SafeMigrateResult> DotnetAsync(IReadOnlyList<string> arguments, string workingDirectory)
        => RunAsync(arguments, Environment, workingDirectory);

    /// <summary>Starts <c>dotnet <paramref name="arguments"/></c> as <see cref="DotnetAsync"/> does, without waiting for it.</summary>
    internal SafeMigrateProcess StartDotnet(IReadOnlyList<string> arguments, string workingDirectory)
        => SafeMigrateCli.StartCommand(arguments, Environment, workingDirectory);

    private static async Task<SafeMigrateResult> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, string workingDirectory)
    {
        await using var process = SafeMigrateCli.StartCommand(arguments, environment, workingDirectory);
        return await process.WaitAsync(SafeMigrateCli.DefaultTimeout);
    }
}
