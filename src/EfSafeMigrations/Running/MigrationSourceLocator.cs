namespace EfSafeMigrations.Running;

/// <summary>
/// Finds a migration's source file under the project folder (<c>&lt;id&gt;.cs</c>) and the line of an
/// operation in its Up method, by a literal of the operation (an index, table or column name, or a piece of raw SQL,
/// compared whatever its string literal's escapes). A line inside a <c>.Sql(</c> call gives the call's line.
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
            var text = Linting.SourceText.Normalize(anchor);
            for (var i = Math.Max(0, up); i < end; i++)
            {
                if (lines[i].Contains(anchor, StringComparison.Ordinal)
                    || (text.Length >= 6 && Linting.SourceText.Normalize(lines[i]).Contains(text, StringComparison.Ordinal)))
                {
                    return (file, SqlCall(lines, Math.Max(0, up), i) + 1);
                }
            }
        }

        return (file, up >= 0 ? up + 1 : 1);
    }

    /// <summary>The migration's source text, or null when its file is not found.</summary>
    public string? Source(string migrationId) => FindFile(migrationId) == null ? null : string.Join('\n', _files[migrationId]!);

    /// <summary>The line of the <c>.Sql(</c> call that holds line <paramref name="line"/>, or that line when it is in none.</summary>
    private static int SqlCall(string[] lines, int up, int line)
    {
        for (var j = line; j >= up; j--)
        {
            if (j < line && lines[j].TrimEnd().EndsWith(';'))
            {
                break;
            }

            if (lines[j].Contains(".Sql(", StringComparison.Ordinal))
            {
                return j;
            }
        }

        return line;
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
