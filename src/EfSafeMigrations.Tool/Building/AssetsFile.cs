using System.Text.Json;

namespace EfSafeMigrations.Tool.Building;

/// <summary>Reads NuGet's <c>project.assets.json</c>.</summary>
internal static class AssetsFile
{
    /// <summary>
    /// The package folders the project restored into (<c>packageFolders</c>), which <c>dotnet exec</c> probes for the
    /// app's package assemblies; empty when the file is missing or unreadable.
    /// </summary>
    public static IReadOnlyList<string> PackageFolders(string? assetsFile)
    {
        if (string.IsNullOrEmpty(assetsFile) || !File.Exists(assetsFile))
        {
            return [];
        }

        try
        {
            using var stream = File.OpenRead(assetsFile);
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.TryGetProperty("packageFolders", out var folders) && folders.ValueKind == JsonValueKind.Object
                ? folders.EnumerateObject().Select(f => f.Name).Where(Directory.Exists).ToList()
                : [];
        }
        catch (Exception error) when (error is JsonException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The global packages folder (<c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>) when it exists.</summary>
    public static IReadOnlyList<string> GlobalPackagesFolder()
    {
        var folder = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Directory.Exists(folder) ? [folder] : [];
    }
}
