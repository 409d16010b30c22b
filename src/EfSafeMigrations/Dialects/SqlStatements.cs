using System.Text;

namespace EfSafeMigrations.Dialects;

/// <summary>Statement-level edits of provider SQL: statements end at a semicolon outside quoted literals and identifiers.</summary>
internal static class SqlStatements
{
    /// <summary>Appends to every statement what <paramref name="edit"/> gives for it, before its semicolon.</summary>
    /// <param name="sql">The statements.</param>
    /// <param name="edit">Given a statement (without its semicolon, leading blanks trimmed), the text to append, or null to leave it.</param>
    public static string AppendToEach(string sql, Func<string, string?> edit)
        => ReplaceEach(sql, statement => edit(statement) is { } appended ? statement + appended : null);

    /// <summary>Replaces every statement for which <paramref name="replace"/> gives a text (its semicolon stays).</summary>
    /// <param name="sql">The statements.</param>
    /// <param name="replace">Given a statement (without its semicolon, leading blanks trimmed), its replacement without a semicolon, or null to leave it.</param>
    public static string ReplaceEach(string sql, Func<string, string?> replace)
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
                var statement = text.ToString(statementStart, text.Length - statementStart);
                var trimmed = statement.TrimStart();
                if (replace(trimmed) is { } replacement)
                {
                    text.Length = statementStart + statement.Length - trimmed.Length;
                    text.Append(replacement);
                }

                text.Append(c);
                statementStart = text.Length;
                continue;
            }

            text.Append(c);
        }

        return text.ToString();
    }
}
