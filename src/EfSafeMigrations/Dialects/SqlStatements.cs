using System.Text;

namespace EfSafeMigrations.Dialects;

/// <summary>Statement-level edits of provider SQL: statements end at a semicolon outside quoted literals and identifiers.</summary>
internal static class SqlStatements
{
    /// <summary>Appends to every statement what <paramref name="edit"/> gives for it, before its semicolon.</summary>
    /// <param name="sql">The statements.</param>
    /// <param name="edit">Given a statement (without its semicolon, leading blanks trimmed), the text to append, or null to leave it.</param>
    public static string AppendToEach(string sql, Func<string, string?> edit)
    {
        var text = new StringBuilder();
        var statementStart = 0;
        var quote = '\0';
        foreach (var c in sql)
        {
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"' or '`')
            {
                quote = c;
            }
            else if (c == ';')
            {
                text.Append(edit(text.ToString(statementStart, text.Length - statementStart).TrimStart()));
                text.Append(c);
                statementStart = text.Length;
                continue;
            }

            text.Append(c);
        }

        return text.ToString();
    }
}
