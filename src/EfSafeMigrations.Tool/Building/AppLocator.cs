using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tool.Cli;
using EfSafeMigrations.Tool.Processes;
using EfSafeMigrations.Tool.Rendering;

namespace EfSafeMigrations.Tool.Building;

/// <summary>
/// Finds the built app the runner host runs in: from <c>--assembly</c> (its .deps.json and .runtimeconfig.json next to
/// it, nothing built), or from the projects, built unless <c>--no-build</c> and located with
/// <c>dotnet msbuild -getProperty</c>, as <c>dotnet ef</c> does.
/// </summary>
internal static class AppLocator
{
    /// <summary>The library the host needs in the app's dependencies.</summary>
    public const string LibraryName = "EfSafeMigrations";

    /// <summary>Locates (and builds) the app for <paramref name="invocation"/>.</summary>
    public static async Task<AppTarget> LocateAsync(ToolInvocation invocation, string currentDirectory, IToolOutput output, CancellationToken stop)
    {
        var app = invocation.Assembly != null
            ? FromAssembly(invocation, currentDirectory)
            : await FromProjectsAsync(invocation, currentDirectory, output, stop).ConfigureAwait(false);
        if (!DepsFile.References(app.DepsFile, LibraryName))
        {
            throw ToolException.Usage(
                $"{Path.GetFileName(app.StartupAssembly)} does not reference {LibraryName}: add the {LibraryName} package to the project "
                + "that configures the DbContext (the runner runs inside the app, on its EF Core and provider).");
        }

        return app;
    }

    private static AppTarget FromAssembly(ToolInvocation invocation, string currentDirectory)
    {
        var conflicting = new (string Name, bool Given)[]
        {
            ("--project", invocation.Project != null),
            ("--startup-project", invocation.StartupProject != null),
            ("--configuration", invocation.Configuration != null),
            ("--framework", invocation.Framework != null),
            ("--no-build", invocation.NoBuild),
        }.Where(o => o.Given).Select(o => o.Name).ToList();
        if (conflicting.Count > 0)
        {
            throw ToolException.Usage(
                $"--assembly uses a built assembly, so {string.Join(" and ", conflicting)} cannot go with it. Use either a project or --assembly.");
        }

        var assembly = ExistingAssembly(invocation.Assembly!, currentDirectory, "--assembly");
        var startup = invocation.StartupAssembly != null ? ExistingAssembly(invocation.StartupAssembly, currentDirectory, "--startup-assembly") : assembly;
        var deps = Path.ChangeExtension(startup, ".deps.json");
        if (!File.Exists(deps))
        {
            throw ToolException.Usage(
                $"{Path.GetFileName(deps)} is not next to {startup}. Give the assembly in a built app's output folder (bin/...), where the build writes it.");
        }

        var runtimeConfig = Path.ChangeExtension(startup, ".runtimeconfig.json");
        return new AppTarget(assembly, startup, deps, File.Exists(runtimeConfig) ? runtimeConfig : null, AssetsFile.GlobalPackagesFolder());
    }

    private static string ExistingAssembly(string path, string currentDirectory, string optionName)
    {
        var full = Path.GetFullPath(path, currentDirectory);
        return File.Exists(full) ? full : throw ToolException.Usage($"The assembly '{path}' ({optionName}) does not exist.");
    }

    private static async Task<AppTarget> FromProjectsAsync(ToolInvocation invocation, string currentDirectory, IToolOutput output, CancellationToken stop)
    {
        if (invocation.StartupAssembly != null)
        {
            throw ToolException.Usage("--startup-assembly goes with --assembly. With projects, use --startup-project.");
        }

        // A project named on the command line is checked before the one looked for in the current folder.
        var namedStartup = invocation.StartupProject != null
            ? ProjectDiscovery.Find(invocation.StartupProject, currentDirectory, "--startup-project")
            : null;
        var project = ProjectDiscovery.Find(invocation.Project, currentDirectory, "--project");
        var startupProject = namedStartup ?? project;
        if (!invocation.NoBuild)
        {
            await BuildAsync(startupProject, invocation, currentDirectory, output, stop).ConfigureAwait(false);
        }

        var startup = await ProjectProperties.ReadAsync(startupProject, invocation.Configuration, invocation.Framework, stop).ConfigureAwait(false);
        var migrations = startupProject == project
            ? startup
            : await ProjectProperties.ReadAsync(project, invocation.Configuration, invocation.Framework, stop).ConfigureAwait(false);
        foreach (var (path, what) in new[] { (migrations.TargetPath, "assembly"), (startup.TargetPath, "assembly"), (startup.DepsFile, "dependency file") })
        {
            if (!File.Exists(path))
            {
                throw new ToolException(
                    ExitCodes.Failed,
                    invocation.NoBuild
                        ? $"The built {what} {path} does not exist. Build the project first, or leave out --no-build."
                        : $"The build did not write the {what} {path}.");
            }
        }

        return new AppTarget(
            migrations.TargetPath,
            startup.TargetPath,
            startup.DepsFile,
            File.Exists(startup.RuntimeConfigFile) ? startup.RuntimeConfigFile : null,
            AssetsFile.PackageFolders(startup.ProjectAssetsFile));
    }

    private static async Task BuildAsync(string projectFile, ToolInvocation invocation, string currentDirectory, IToolOutput output, CancellationToken stop)
    {
        List<string> arguments = ["build", projectFile, "-nologo", "-verbosity:quiet"];
        if (invocation.Configuration != null)
        {
            arguments.AddRange(["--configuration", invocation.Configuration]);
        }

        if (invocation.Framework != null)
        {
            arguments.AddRange(["--framework", invocation.Framework]);
        }

        output.Info($"Building {Path.GetRelativePath(currentDirectory, projectFile)}...");
        var result = await ChildProcess.RunAsync(DotnetExecutable.Path, arguments, currentDirectory, stop).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new ToolException(
                ExitCodes.Failed,
                $"The build of {Path.GetFileName(projectFile)} failed (`{result.CommandLine}` exited with code {result.ExitCode}). Fix the errors above, or use --no-build to use the last build.",
                result.Tail(40));
        }

        output.Verbose("Build succeeded.");
    }
}
