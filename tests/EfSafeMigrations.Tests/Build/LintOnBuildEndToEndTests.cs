using System.IO.Compression;
using System.Xml.Linq;
using EfSafeMigrations.Tests.Tool;

namespace EfSafeMigrations.Tests.Build;

/// <summary>
/// The EfSafeMigrations.Build package as a user gets it (<see cref="BuildPackageFeed"/>): referencing it makes
/// <c>dotnet build</c> of a fresh app lint the app's migrations, and report each finding as a build error or warning
/// at the migration's file and line.
/// </summary>
[Collection(BuildPackageFeedCollection.Name)]
public sealed class LintOnBuildEndToEndTests(BuildPackageFeed feed)
{
    /// <summary>What the lint prints when it runs (at normal verbosity), in every case but a failure.</summary>
    private const string LintSummary = "migrations linted:";

    [Fact]
    [Trait("Category", "EndToEnd")]
    public void The_package_carries_the_targets_and_the_lint_runner_and_nothing_for_the_app()
    {
        using var package = ZipFile.OpenRead(feed.BuildPackage);
        var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("buildTransitive/EfSafeMigrations.Build.props", entries);
        Assert.Contains("buildTransitive/EfSafeMigrations.Build.targets", entries);
        Assert.Contains("tools/lint/safe-migrate.dll", entries);
        Assert.Contains("tools/lint/safe-migrate.deps.json", entries);
        Assert.Contains("tools/lint/safe-migrate.runtimeconfig.json", entries);
        Assert.Contains("tools/lint/System.CommandLine.dll", entries);
        Assert.Contains("tools/lint/host/EfSafeMigrations.Tool.Host.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal));

        using var nuspecStream = package.Entries.Single(e => e.FullName == "EfSafeMigrations.Build.nuspec").Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Null(Value("dependencies"));
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task An_unsafe_migration_fails_the_build_with_an_error_at_its_file_and_line()
    {
        var app = LintedApp.Create(feed, "unsafe");
        var source = HandWrittenMigrations.Unsafe();
        var file = app.WriteMigration(HandWrittenMigrations.UnsafeId, source);
        var line = LintedApp.LineOf(source, HandWrittenMigrations.OperationAnchor);

        var build = await app.BuildAsync();

        Assert.True(build.ExitCode == 1, "Expected the build to fail. " + build.Describe());
        var error = $"{file}({line},1): error ESM0010: DropColumn Customers.Phone in a migration that is not staged";
        Assert.True(build.StandardOutputLines.Any(l => l.TrimStart().StartsWith(error, StringComparison.Ordinal)), $"Expected a line starting with `{error}`. {build.Describe()}");
        Assert.Contains("error : EfSafeMigrations lint: ", build.StandardOutput, StringComparison.Ordinal);
        // The lint's findings are the only errors: no "command exited with code 1", no error for the tool's own result line.
        Assert.DoesNotContain("MSB3073", build.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("EXEC : error", build.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(" 2 Error(s)", build.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task With_warning_severity_it_builds_with_the_finding_as_a_warning_at_the_same_place()
    {
        var app = LintedApp.Create(feed, "warning");
        var source = HandWrittenMigrations.Unsafe();
        var file = app.WriteMigration(HandWrittenMigrations.UnsafeId, source);
        var line = LintedApp.LineOf(source, HandWrittenMigrations.OperationAnchor);

        var build = await app.BuildAsync("EfSafeMigrationsLintSeverity=warning");

        Assert.True(build.ExitCode == 0, build.Describe());
        var warning = $"{file}({line},1): warning ESM0010: DropColumn Customers.Phone in a migration that is not staged";
        Assert.True(build.StandardOutputLines.Any(l => l.TrimStart().StartsWith(warning, StringComparison.Ordinal)), $"Expected a line starting with `{warning}`. {build.Describe()}");
        Assert.DoesNotContain(": error ", build.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(" 1 Warning(s)", build.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(" 0 Error(s)", build.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task With_the_lint_off_nothing_is_linted()
    {
        var app = LintedApp.Create(feed, "off");
        app.WriteMigration(HandWrittenMigrations.UnsafeId, HandWrittenMigrations.Unsafe());

        var build = await app.BuildAsync("EfSafeMigrationsLint=false");

        Assert.True(build.ExitCode == 0, build.Describe());
        Assert.DoesNotContain("ESM00", build.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("safe-migrate.dll", build.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(LintSummary, build.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(" 0 Warning(s)", build.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task Made_safe_it_builds_clean_and_an_unchanged_build_does_not_lint_again()
    {
        var app = LintedApp.Create(feed, "fixed");
        app.WriteMigration(HandWrittenMigrations.UnsafeId, HandWrittenMigrations.Unsafe());
        var failing = await app.BuildAsync();
        Assert.True(failing.ExitCode == 1, "Expected the build to fail. " + failing.Describe());

        // The drop moved to the group's Contract migration, which runs once no old instance is left.
        app.DeleteMigration(HandWrittenMigrations.UnsafeId);
        app.WriteMigration(HandWrittenMigrations.ContractId, HandWrittenMigrations.Contract());
        var build = await app.BuildAsync();

        Assert.True(build.ExitCode == 0, build.Describe());
        Assert.Contains("1 migrations linted: 0 errors, 0 warnings.", build.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(" 0 Warning(s)", build.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(" 0 Error(s)", build.StandardOutput, StringComparison.Ordinal);

        var again = await app.BuildAsync();

        Assert.True(again.ExitCode == 0, again.Describe());
        Assert.DoesNotContain(LintSummary, again.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Skipping target \"_EfSafeMigrationsLintRun\" because all output files are up-to-date", again.StandardOutput, StringComparison.Ordinal);

        // A changed setting lints again.
        var newSetting = await app.BuildAsync("EfSafeMigrationsServerVersion=15");

        Assert.True(newSetting.ExitCode == 0, newSetting.Describe());
        Assert.Contains("--server-version 15", newSetting.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("1 migrations linted: 0 errors, 0 warnings.", newSetting.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task A_suppression_with_a_reason_builds_clean()
    {
        var app = LintedApp.Create(feed, "suppressed");
        app.WriteMigration(HandWrittenMigrations.UnsafeId, HandWrittenMigrations.Suppressed());

        var build = await app.BuildAsync();

        Assert.True(build.ExitCode == 0, build.Describe());
        Assert.Contains("1 migrations linted: 0 errors, 0 warnings.", build.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(" 0 Warning(s)", build.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task A_project_that_references_the_app_but_holds_no_migrations_is_not_linted()
    {
        var app = LintedApp.Create(feed, "referenced");
        app.WriteMigration(HandWrittenMigrations.ContractId, HandWrittenMigrations.Contract());
        var tests = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(app.Directory)!, "LintedApp.Tests")).FullName;
        File.WriteAllText(Path.Combine(tests, "LintedApp.Tests.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../LintedApp/LintedApp.csproj" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(tests, "AppTests.cs"), "namespace LintedApp.Tests;\n\npublic static class AppTests\n{\n}\n");

        var build = await feed.DotnetAsync(["build", "-nologo", "--tl:off", "-v:n"], tests);

        Assert.True(build.ExitCode == 0, build.Describe());
        // The package's targets reach the referencing project (the app's reference to it is not private)...
        Assert.Contains("EfSafeMigrations.Build.targets", File.ReadAllText(Path.Combine(tests, "obj", "LintedApp.Tests.csproj.nuget.g.targets")), StringComparison.Ordinal);
        // ...but only the app, which holds the migrations, is linted.
        var lintCommands = build.StandardOutputLines.Where(l => l.Contains("safe-migrate.dll\" lint", StringComparison.Ordinal)).ToList();
        var lintCommand = Assert.Single(lintCommands);
        Assert.Contains("LintedApp.dll", lintCommand, StringComparison.Ordinal);
        Assert.DoesNotContain("LintedApp.Tests.dll", lintCommand, StringComparison.Ordinal);
    }
}
