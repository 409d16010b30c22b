namespace EfSafeMigrations.Tool.Processes;

/// <summary>The <c>dotnet</c> executable to build with and to start the runner host with.</summary>
internal static class DotnetExecutable
{
    private static readonly Lazy<string> LazyPath = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The muxer this tool runs under (<c>dotnet safe-migrate</c>), else <c>DOTNET_HOST_PATH</c>, else <c>dotnet</c> from
    /// the PATH.
    /// </summary>
    public static string Path => LazyPath.Value;

    private static string Find()
    {
        var current = Environment.ProcessPath;
        if (current != null && System.IO.Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
