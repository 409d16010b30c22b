namespace EfSafeMigrations.Design;

/// <summary>Marks the C# of a scaffolded migration with its phase.</summary>
internal static class PhaseMigrationCode
{
    private const string Using = "using EfSafeMigrations;";

    /// <summary>Adds <c>using EfSafeMigrations;</c> and <c>[MigrationPhase(...)]</c> on the migration class.</summary>
    public static string AddPhase(string code, string className, MigrationPhase phase)
    {
        var newline = code.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = code.Split(newline).ToList();
        var classLine = lines.FindIndex(l => l.Contains("partial class " + className + " ", StringComparison.Ordinal));
        if (classLine < 0)
        {
            throw new InvalidOperationException($"The scaffolded migration has no class {className} to mark with its phase.");
        }

        var indent = lines[classLine][..(lines[classLine].Length - lines[classLine].TrimStart().Length)];
        lines.Insert(classLine, $"{indent}[MigrationPhase(MigrationPhase.{phase})]");
        if (!lines.Contains(Using))
        {
            var lastUsing = lines.FindLastIndex(l => l.StartsWith("using ", StringComparison.Ordinal) && l.EndsWith(';'));
            lines.Insert(lastUsing + 1, Using);
        }

        return string.Join(newline, lines);
    }
}
