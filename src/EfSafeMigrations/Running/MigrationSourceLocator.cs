namespace EfSafeMigrations.Running;

/// <summary>
/// Finds a migration's source file under the project folder (<c>&lt;id&gt;.cs</c>) and the line of an
/// operation in its Up method, by a literal of the operation (an index, table or column name).
/// </summary>
/// <param name="projectDir">The project folder; null finds nothing.</param>
internal sealed class MigrationSourceLocator(string? projectDir)
{
    private readonly Dictionary<string, string[]?> _files = [];

    public (string? File, int? Line) Locate(string migrationId, string? anchor)
    {
        var file = FindFile(migrationId);
        if (file == null)
        {
            return (null, null);
        }

        var lines = _files[migrationId]!;
        var up = Array.FindIndex(lines, l => l.Contains("void Up(", StringComparison.Ordinal));
        var down = Array.FindIndex(lines, l => l.Contains("void Down(", StringComparison.Ordinal));
        var end = down > up ? down : lines.Length;
        if (anchor != null)
        {
            for (var i = Math.Max(0, up); i < end; i++)
            {
                if (lines[i].Contains(anchor, StringComparison.Ordinal))
                {
                    return (file, i + 1);
                }
            }
        }

        return (file, up >= 0 ? up + 1 : 1);
    }

    private string? FindFile(string migrationId)
    {
        if (projectDir == null || !Directory.Exists(projectDir))
        {
            return null;
        }

        var file = Directory.EnumerateFiles(projectDir, migrationId + ".cs", SearchOption.AllDirectories)
            .FirstOrDefault(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        if (!_files.ContainsKey(migrationId))
        {
            _files[migrationId] = file == null ? null : File.ReadAllLines(file);
        }

        return file;
    }
}
