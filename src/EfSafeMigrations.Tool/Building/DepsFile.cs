using System.Text.Json;

namespace EfSafeMigrations.Tool.Building;

/// <summary>Reads an app's <c>.deps.json</c>.</summary>
internal static class DepsFile
{
    /// <summary>Whether the app's dependencies include the library <paramref name="name"/> (a package or a project).</summary>
    public static bool References(string depsFile, string name)
    {
        try
        {
            using var stream = File.OpenRead(depsFile);
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.TryGetProperty("libraries", out var libraries)
                && libraries.ValueKind == JsonValueKind.Object
                && libraries.EnumerateObject().Any(l => l.Name.StartsWith(name + "/", StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception error) when (error is JsonException or IOException or UnauthorizedAccessException)
        {
            // The host reports what it cannot load; this check only makes the common mistake's message clearer.
            return true;
        }
    }
}
