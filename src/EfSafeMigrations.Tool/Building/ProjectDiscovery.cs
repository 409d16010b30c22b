using EfSafeMigrations.Tool.Cli;

namespace EfSafeMigrations.Tool.Building;

/// <summary>Finds a project file as <c>dotnet ef</c> does: the one named, or the only one in a folder.</summary>
internal static class ProjectDiscovery
{
    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

    /// <summary>
    /// The full path of the project <paramref name="path"/> names (a project file or a folder holding one), or of the
    /// project in <paramref name="currentDirectory"/> when <paramref name="path"/> is null. Throws a usage error naming
    /// <paramref name="optionName"/> when there is none or more than one.
    /// </summary>
    public static string Find(string? path, string currentDirectory, string optionName)
    {
        var full = Path.GetFullPath(path ?? ".", currentDirectory);
        if (File.Exists(full))
        {
            return full;
        }

        if (!Directory.Exists(full))
        {
            throw ToolException.Usage($"The project '{path}' ({optionName}) does not exist.");
        }

        var projects = Directory.EnumerateFiles(full)
            .Where(f => ProjectExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        return projects.Count switch
        {
            1 => projects[0],
            0 => throw ToolException.Usage(path == null
                ? $"No project file was found in the current folder ({full}). Run the tool in the project's folder, name the project with {optionName}, or give a built assembly with --assembly."
                : $"No project file was found in '{path}' ({optionName}). Name the project file itself."),
            _ => throw ToolException.Usage(
                $"More than one project file was found in {(path == null ? $"the current folder ({full})" : $"'{path}'")}: "
                + $"{string.Join(", ", projects.Select(Path.GetFileName))}. Name the one to use with {optionName}."),
        };
    }
}
