using System.Diagnostics;
using System.Text;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// Runs the built <c>dotnet safe-migrate</c> (<c>src/EfSafeMigrations.Tool/bin/&lt;configuration&gt;/net10.0/safe-migrate.dll</c>,
/// with its runner host in <c>host/</c>) as a child process, as a user would run it. The solution build makes it; when it
/// is missing (the test project was built alone), the first use builds it.
/// </summary>
internal static class SafeMigrateCli
{
#if DEBUG
    /// <summary>The configuration the tests (and so the tool and the sample shop) were built in.</summary>
    public const string Configuration = "Debug";
#else
    /// <summary>The configuration the tests (and so the tool and the sample shop) were built in.</summary>
    public const string Configuration = "Release";
#endif

    /// <summary>Long enough for a build of the tool or of a project; only catches a hang.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    private static readonly Lazy<string> LazyToolPath = new(FindOrBuildTool, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The built tool's dll.</summary>
    public static string ToolPath => LazyToolPath.Value;

    /// <summary>The sample shop's built assembly (the test project references the sample, so it is built with the tests).</summary>
    public static string ShopAssembly => Path.Combine(TestedLine.OutputFolder("samples/Shop", Configuration), "Shop.dll");

    /// <summary>
    /// Runs <c>dotnet safe-migrate.dll <paramref name="args"/></c> in <paramref name="workingDirectory"/> (default: a folder
    /// without a project) and returns how it ended. The child gets this process's environment without MSBuild's variables
    /// and without <c>SAFE_MIGRATE_CONNECTION</c>, plus <paramref name="environment"/>.
    /// </summary>
    public static async Task<SafeMigrateResult> RunAsync(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null)
    {
        await using var process = Start(args, environment, workingDirectory);
        return await process.WaitAsync(timeout ?? DefaultTimeout).ConfigureAwait(false);
    }

    /// <summary>Starts the tool as <see cref="RunAsync"/> does, for tests that watch or stop it while it runs.</summary>
    public static SafeMigrateProcess Start(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        Action<string>? onOutputLine = null)
        => StartCommand(ToolCommand(args), environment, workingDirectory ?? Path.GetTempPath(), onOutputLine);

    /// <summary>
    /// Starts <c>dotnet <paramref name="dotnetArguments"/></c> with the environment <see cref="Start"/> gives the tool:
    /// for an installed tool, <c>dotnet safe-migrate ...</c>.
    /// </summary>
    public static SafeMigrateProcess StartCommand(
        IReadOnlyList<string> dotnetArguments,
        IReadOnlyDictionary<string, string>? environment,
        string workingDirectory,
        Action<string>? onOutputLine = null)
    {
        var startInfo = new ProcessStartInfo(DotnetPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in dotnetArguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var name in startInfo.Environment.Keys.Where(IsInherited).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        return SafeMigrateProcess.Start(startInfo, "dotnet " + string.Join(' ', dotnetArguments), onOutputLine);
    }

    /// <summary>The <c>dotnet</c> muxer running the tests, else the one on the PATH.</summary>
    public static string DotnetPath
        => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static List<string> ToolCommand(IReadOnlyList<string> args) => [ToolPath, .. args];

    private static bool IsInherited(string name)
        => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("_MSBuild", StringComparison.OrdinalIgnoreCase)
            || name.Equals("SAFE_MIGRATE_CONNECTION", StringComparison.Ordinal);

    private static string FindOrBuildTool()
    {
        var project = Path.Combine(RepositoryPaths.Root, "src", "EfSafeMigrations.Tool");
        var tool = Path.Combine(TestedLine.OutputFolder("src/EfSafeMigrations.Tool", Configuration), "safe-migrate.dll");
        var host = Path.Combine(Path.GetDirectoryName(tool)!, "host", "EfSafeMigrations.Tool.Host.dll");
        if (File.Exists(tool) && File.Exists(host))
        {
            return tool;
        }

        var startInfo = new ProcessStartInfo(DotnetPath) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "build", project, "--configuration", Configuration, TestedLine.BuildProperty, "-nologo", "-verbosity:quiet" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var name in startInfo.Environment.Keys.Where(IsInherited).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        using var build = Process.Start(startInfo)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var error = build.StandardError.ReadToEnd();
        build.WaitForExit();
        return build.ExitCode == 0 && File.Exists(tool)
            ? tool
            : throw new InvalidOperationException($"Could not build {project} for the tool tests:{Environment.NewLine}{output.Result}{error}");
    }
}
