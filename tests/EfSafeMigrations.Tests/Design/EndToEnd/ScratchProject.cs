using System.Globalization;
using System.Security;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Design.EndToEnd;

/// <summary>
/// A throwaway app project that consumes EfSafeMigrations as <c>samples/Shop</c> does (a ProjectReference plus the
/// package's buildTransitive targets, EF Core Design by PackageReference), in a fresh folder under the repository's
/// git-ignored <c>artifacts/e2e/</c>, so that the repository's Directory.Build.props and Directory.Packages.props apply
/// to it, on the tests' EF Core line (<see cref="TestedLine"/>: every command gets <c>EfCoreMajor</c> in its environment,
/// which MSBuild reads as a property, `dotnet ef`'s own evaluation of the project included). Its own tool manifest
/// holds the line's <c>dotnet-ef</c>. The model lives in <c>Model.cs</c>, namespace <c>Scratch</c>; the design-time
/// factory reads the connection string from <see cref="ConnectionStringVariable"/>. Deleted on dispose.
/// </summary>
internal sealed class ScratchProject : IDisposable
{
    /// <summary>The environment variable the project's design-time factory reads its connection string from.</summary>
    public const string ConnectionStringVariable = "SCRATCH_DB";

    /// <summary>The project's context class; the snapshot is <c>ScratchContextModelSnapshot.cs</c>.</summary>
    public const string ContextName = "ScratchContext";

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    // `migrations add` takes about 6 s and a cold build about 10 s; these bounds only catch a hang.
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    private ScratchProject(string directory) => Directory = directory;

    /// <summary>The project folder.</summary>
    public string Directory { get; }

    /// <summary>The project's Migrations folder.</summary>
    public string MigrationsDirectory => Path.Combine(Directory, "Migrations");

    /// <summary>The model snapshot's path.</summary>
    public string SnapshotPath => Path.Combine(MigrationsDirectory, ContextName + "ModelSnapshot.cs");

    /// <summary>The connection string given to <c>dotnet ef</c>; neither it nor its password appears in any output returned.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Creates the project files (without a model) and restores its local tool (the line's dotnet-ef).</summary>
    public static async Task<ScratchProject> CreateAsync(string name)
    {
        var folder = string.Create(CultureInfo.InvariantCulture, $"{name}-{Guid.NewGuid().ToString("N")[..8]}");
        var directory = Path.Combine(RepositoryPaths.Root, "artifacts", "e2e", folder);
        System.IO.Directory.CreateDirectory(directory);
        var project = new ScratchProject(directory);
        try
        {
            File.WriteAllText(Path.Combine(directory, "Scratch.csproj"), ProjectFile(RepositoryPaths.Root));
            File.WriteAllText(Path.Combine(directory, ContextName + "Factory.cs"), FactorySource);
            File.WriteAllText(Path.Combine(directory, "dotnet-tools.json"), ToolManifest);
            var restore = await project.RunAsync(["tool", "restore"]).ConfigureAwait(false);
            if (!restore.Succeeded)
            {
                throw new InvalidOperationException("Could not restore the repository's local tools: " + restore.Describe());
            }

            return project;
        }
        catch
        {
            project.Dispose();
            throw;
        }
    }

    /// <summary>Replaces the project's model (entities and context) with <paramref name="source"/>.</summary>
    public void WriteModel(string source) => File.WriteAllText(Path.Combine(Directory, "Model.cs"), source);

    /// <summary><c>dotnet build</c> of the project (and of the EfSafeMigrations project it references).</summary>
    public Task<CommandResult> BuildAsync()
        => RunAsync(["build", "--configuration", Configuration, "--disable-build-servers", "-nologo"]);

    /// <summary>
    /// <c>dotnet ef <paramref name="arguments"/> --no-build</c> on the assembly the last <see cref="BuildAsync"/> made
    /// (on the EF Core 9 line with its obj/ef9/ folder, as a project with its own intermediate folder tells dotnet ef).
    /// </summary>
    public Task<CommandResult> EfAsync(params string[] arguments)
        => RunAsync(["ef", .. arguments, "--no-build", "--configuration", Configuration, "--no-color", .. ProjectExtensionsPath()]);

    /// <summary>The names of the files in the Migrations folder, sorted ordinally.</summary>
    public IReadOnlyList<string> MigrationFileNames()
        => System.IO.Directory.Exists(MigrationsDirectory)
            ? System.IO.Directory.GetFiles(MigrationsDirectory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>The ids of the migrations in the Migrations folder (from their file names), ascending.</summary>
    public IReadOnlyList<string> MigrationIds()
        => MigrationFileNames()
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) && !f.EndsWith(".Designer.cs", StringComparison.Ordinal)
                && !f.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal))
            .Select(f => f[..^".cs".Length])
            .ToList();

    /// <summary>The text of the migration <paramref name="id"/>'s main file.</summary>
    public MigrationSource ReadMigration(string id) => MigrationSource.Read(Path.Combine(MigrationsDirectory, id + ".cs"));

    /// <summary>Deletes the project folder.</summary>
    public void Dispose()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecurityException)
        {
            // A leftover under the git-ignored artifacts/ folder does no harm; the next run uses a fresh folder.
        }
    }

    private static string[] ProjectExtensionsPath()
        => TestedLine.IsNewest
            ? []
            : ["--msbuildprojectextensionspath", Path.Combine("obj", "ef" + TestedLine.EfCoreMajor.ToString(CultureInfo.InvariantCulture))];

    private Task<CommandResult> RunAsync(IReadOnlyList<string> arguments)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["EfCoreMajor"] = TestedLine.EfCoreMajor.ToString(CultureInfo.InvariantCulture),
        };
        if (ConnectionString is not null)
        {
            environment[ConnectionStringVariable] = ConnectionString;
        }

        return DotnetCli.RunAsync(Directory, arguments, environment, ConnectionString is null ? [] : [ConnectionString], CommandTimeout);
    }

    private static string ProjectFile(string repositoryRoot)
    {
        var root = Path.TrimEndingDirectorySeparator(repositoryRoot) + Path.DirectorySeparatorChar;
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <IsPackable>false</IsPackable>
                <RootNamespace>Scratch</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.EntityFrameworkCore.Relational" />
                <PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" />
              </ItemGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.EntityFrameworkCore.Design">
                  <PrivateAssets>all</PrivateAssets>
                  <IncludeAssets>runtime; build; native; contentfiles; analyzers; buildtransitive</IncludeAssets>
                </PackageReference>
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="{root}src/EfSafeMigrations/EfSafeMigrations.csproj" />
              </ItemGroup>
              <Import Project="{root}src/EfSafeMigrations/buildTransitive/EfSafeMigrations.targets" />
            </Project>
            """;
    }

    private static string ToolManifest => $$"""
        {
          "version": 1,
          "isRoot": true,
          "tools": { "dotnet-ef": { "version": "{{TestedLine.DotnetEfVersion}}", "commands": ["dotnet-ef"], "rollForward": false } }
        }
        """;

    /// <summary>The design-time factory: Npgsql with <c>UseSafeMigrations()</c>, its connection string from <see cref="ConnectionStringVariable"/>.</summary>
    internal const string FactorySource = $$"""
        using EfSafeMigrations;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Design;

        namespace Scratch;

        public sealed class {{ContextName}}Factory : IDesignTimeDbContextFactory<{{ContextName}}>
        {
            public {{ContextName}} CreateDbContext(string[] args)
                => new(new DbContextOptionsBuilder<{{ContextName}}>()
                    .UseNpgsql(Environment.GetEnvironmentVariable("{{ConnectionStringVariable}}") ?? "Host=127.0.0.1;Database=scratch")
                    .UseSafeMigrations()
                    .Options);
        }
        """;
}
