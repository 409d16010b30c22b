using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tool.Cli;

namespace EfSafeMigrations.Tool.Hosting;

/// <summary>
/// Finds the runner host: <c>host/EfSafeMigrations.Tool.Host.dll</c> next to this tool's own dll, both in the build
/// output and in the installed tool package (<c>tools/net10.0/any/host/</c>).
/// </summary>
internal static class HostLocator
{
    /// <summary>The host's folder name, next to the tool's dll.</summary>
    public const string FolderName = "host";

    /// <summary>The host's file name.</summary>
    public const string FileName = "EfSafeMigrations.Tool.Host.dll";

    /// <summary>The host's full path; throws when it is missing.</summary>
    public static string Find()
    {
        var path = Path.Combine(AppContext.BaseDirectory, FolderName, FileName);
        return File.Exists(path)
            ? path
            : throw new ToolException(
                ExitCodes.Failed,
                $"The runner host is missing: {path} does not exist. Reinstall the tool (dotnet tool update EfSafeMigrations.Tool).");
    }
}
