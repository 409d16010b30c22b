using System.Globalization;
using EfSafeMigrations.Tests.TestInfrastructure;
using EfSafeMigrations.Tests.Tool;

namespace EfSafeMigrations.Tests.Build;

/// <summary>
/// A fresh app as a user writes it, in its own folder outside the repository: a DbContext with
/// <c>.UseNpgsql(...).UseSafeMigrations()</c> (or Pomelo's <c>.UseMySql(...)</c>), a design-time factory, and migrations
/// written by hand, consuming EfSafeMigrations and EfSafeMigrations.Build from the feed by PackageReference only.
/// </summary>
internal sealed class LintedApp
{
    private const string Context = """
        using EfSafeMigrations;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Design;

        namespace LintedApp;

        public sealed class Customer
        {
            public int Id { get; set; }

            public string Name { get; set; } = "";
        }

        public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
        {
            public DbSet<Customer> Customers => Set<Customer>();
        }

        public sealed class AppDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
        {
            // The lint needs no database: the connection string is never opened.
            public AppDbContext CreateDbContext(string[] args)
                => new(new DbContextOptionsBuilder<AppDbContext>().USE_PROVIDER.UseSafeMigrations().Options);
        }
        """;

    private readonly BuildPackageFeed feed;

    private LintedApp(BuildPackageFeed feed, string directory)
    {
        this.feed = feed;
        Directory = directory;
    }

    /// <summary>The app's project folder.</summary>
    public string Directory { get; }

    /// <summary>Writes the app, on <paramref name="provider"/>, into a new folder <paramref name="name"/> beside its own NuGet.Config.</summary>
    public static LintedApp Create(BuildPackageFeed feed, string name, LintedAppProvider provider = LintedAppProvider.Npgsql)
    {
        var (package, version, use) = provider switch
        {
            LintedAppProvider.Pomelo => (
                "Pomelo.EntityFrameworkCore.MySql",
                "9.0.0",
                "UseMySql(\"Server=127.0.0.1;Database=app\", new MariaDbServerVersion(new Version(10, 11)))"),
            _ => ("Npgsql.EntityFrameworkCore.PostgreSQL", TestedLine.NpgsqlEfVersion, "UseNpgsql(\"Host=127.0.0.1;Database=app\")"),
        };
        var root = feed.NewFolderWithNuGetConfig(name);
        var app = new LintedApp(feed, System.IO.Directory.CreateDirectory(Path.Combine(root, "LintedApp")).FullName);
        File.WriteAllText(Path.Combine(app.Directory, "LintedApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="EfSafeMigrations" Version="{feed.Version}" />
                <PackageReference Include="EfSafeMigrations.Build" Version="{feed.Version}" />
                <PackageReference Include="{package}" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app.Directory, "AppDbContext.cs"), Context.Replace("USE_PROVIDER", use, StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(app.Directory, "Program.cs"), "System.Console.WriteLine(\"LintedApp\");\n");
        System.IO.Directory.CreateDirectory(Path.Combine(app.Directory, "Migrations"));
        return app;
    }

    /// <summary>Writes <c>Migrations/&lt;migration id&gt;.cs</c>; returns its full path.</summary>
    public string WriteMigration(string migrationId, string source)
    {
        var path = Path.Combine(Directory, "Migrations", migrationId + ".cs");
        File.WriteAllText(path, source);
        return path;
    }

    /// <summary>Deletes <c>Migrations/&lt;migration id&gt;.cs</c>.</summary>
    public void DeleteMigration(string migrationId) => File.Delete(Path.Combine(Directory, "Migrations", migrationId + ".cs"));

    /// <summary>
    /// <c>dotnet build</c> of the app with MSBuild <paramref name="properties"/> (<c>Name=value</c>), at normal verbosity
    /// (which shows the lint's own summary line when it runs) and with the classic console logger.
    /// </summary>
    public Task<SafeMigrateResult> BuildAsync(params string[] properties)
        => feed.DotnetAsync(["build", "-nologo", "--tl:off", "-v:n", .. properties.Select(p => "-p:" + p)], Directory);

    /// <summary><c>dotnet publish -o <paramref name="outputDirectory"/></c> of the app, with output as <see cref="BuildAsync"/>.</summary>
    public Task<SafeMigrateResult> PublishAsync(string outputDirectory, params string[] properties)
        => feed.DotnetAsync(["publish", "-o", outputDirectory, "-nologo", "--tl:off", "-v:n", .. properties.Select(p => "-p:" + p)], Directory);

    /// <summary>The 1-based line of the first line of <paramref name="source"/> that contains <paramref name="text"/>.</summary>
    public static int LineOf(string source, string text)
    {
        var index = source.Split('\n').ToList().FindIndex(l => l.Contains(text, StringComparison.Ordinal));
        return index >= 0 ? index + 1 : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'{text}' is not in the source."), nameof(text));
    }
}
