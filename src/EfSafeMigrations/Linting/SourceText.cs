namespace EfSafeMigrations.Linting;

/// <summary>
/// Compares SQL text with a migration's C# source, whatever the string literal's form (regular with <c>\"</c> and
/// <c>\n</c>, verbatim with <c>""</c>, raw, or concatenated): both are reduced to their letters and digits.
/// </summary>
internal static class SourceText
{
    /// <summary>Letters and digits of C# source or SQL, lower case, with the usual string escapes read as blanks.</summary>
    public static string Normalize(string text)
    {
        var unescaped = text.Replace("\\r", " ", StringComparison.Ordinal).Replace("\\n", " ", StringComparison.Ordinal).Replace("\\t", " ", StringComparison.Ordinal);
        return new string(unescaped.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
    }

    /// <summary>
    /// Whether the SQL is written in the source: at least half of its lines long enough to tell (8 letters and digits
    /// or more) are found there. A line may differ where the source interpolates a value, so not every line must be.
    /// </summary>
    public static bool Holds(string source, string sql)
    {
        var normalizedSource = Normalize(source);
        var lines = sql.Split('\n').Select(Normalize).Where(l => l.Length >= 8).ToList();
        return lines.Count == 0 || lines.Count(normalizedSource.Contains) * 2 >= lines.Count;
    }
}
