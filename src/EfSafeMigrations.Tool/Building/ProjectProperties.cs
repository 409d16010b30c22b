using System.Text.Json;
using EfSafeMigrations.Tool.Cli;
using EfSafeMigrations.Tool.Processes;

namespace EfSafeMigrations.Tool.Building;

/// <summary>What MSBuild says about a project: where its build puts the assembly and what it needs to run.</summary>
/// <param name="ProjectFile">The project file.</param>
/// <param name="TargetPath">The built assembly.</param>
/// <param name="DepsFile">The built app's <c>.deps.json</c>.</param>
/// <param name="RuntimeConfigFile">The built app's <c>.runtimeconfig.json</c> (absent for a class library).</param>
/// <param name="ProjectAssetsFile">NuGet's <c>project.assets.json</c>.</param>
internal sealed record ProjectProperties(string ProjectFile, string TargetPath, string DepsFile, string RuntimeConfigFile, string ProjectAssetsFile)
{
    private static readonly string[] Names =
    [
        "TargetPath", "TargetDir", "AssemblyName", "TargetFramework", "TargetFrameworks", "ProjectAssetsFile",
        "ProjectDepsFilePath", "ProjectRuntimeConfigFilePath",
    ];

    /// <summary>
    /// Asks <c>dotnet msbuild -getProperty</c> for the properties, with the configuration and framework the build uses.
    /// </summary>
    public static async Task<ProjectProperties> ReadAsync(string projectFile, string? configuration, string? framework, CancellationToken stop)
    {
        List<string> arguments = ["msbuild", projectFile, "-nologo", .. Names.Select(n => "-getProperty:" + n)];
        if (configuration != null)
        {
            arguments.Add("-property:Configuration=" + configuration);
        }

        if (framework != null)
        {
            arguments.Add("-property:TargetFramework=" + framework);
        }

        var result = await ChildProcess.RunAsync(DotnetExecutable.Path, arguments, Path.GetDirectoryName(projectFile)!, stop).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new ToolException(
                Running.Protocol.ExitCodes.Failed,
                $"Could not read the properties of {projectFile} (`{result.CommandLine}` exited with code {result.ExitCode}).",
                result.Tail(30));
        }

        Dictionary<string, string> values;
        try
        {
            using var document = JsonDocument.Parse(result.StandardOutput);
            values = document.RootElement.GetProperty("Properties").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ToolException(
                Running.Protocol.ExitCodes.Failed,
                $"Could not read the properties of {projectFile}: `{result.CommandLine}` printed no JSON ({error.Message}).",
                result.Tail(30));
        }

        string Get(string name) => values.TryGetValue(name, out var value) ? value.Trim() : string.Empty;

        if (Get("TargetFramework").Length == 0 && Get("TargetFrameworks").Length > 0)
        {
            throw ToolException.Usage(
                $"{Path.GetFileName(projectFile)} targets several frameworks ({Get("TargetFrameworks")}). Say which with --framework.");
        }

        var targetPath = Get("TargetPath");
        if (targetPath.Length == 0)
        {
            throw new ToolException($"MSBuild gave no TargetPath for {projectFile}: is it a .NET project that builds an assembly?");
        }

        var stem = Path.Combine(Get("TargetDir"), Get("AssemblyName"));
        var deps = Get("ProjectDepsFilePath") is { Length: > 0 } depsPath ? depsPath : stem + ".deps.json";
        var runtimeConfig = Get("ProjectRuntimeConfigFilePath") is { Length: > 0 } configPath ? configPath : stem + ".runtimeconfig.json";
        return new ProjectProperties(projectFile, targetPath, deps, runtimeConfig, Get("ProjectAssetsFile"));
    }
}
