using System.Security.Cryptography;
using System.Text;

namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>Quoting and naming for PostgreSQL SQL text.</summary>
internal static class PostgreSqlText
{
    private const int MaxIdentifierBytes = 63;

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Table(string table, string? schema) => schema == null ? Quote(table) : Quote(schema) + "." + Quote(table);

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The <c>regclass</c> of a table or index, or NULL when it does not exist.</summary>
    public static string RegClass(string name, string? schema) => $"to_regclass({Literal(Table(name, schema))})";

    /// <summary>A name of ours for a trigger, function or constraint, shortened with a hash past PostgreSQL's 63 bytes.</summary>
    public static string ObjectName(string prefix, params string[] parts)
    {
        var name = prefix + "_" + string.Join("_", parts);
        if (Encoding.UTF8.GetByteCount(name) <= MaxIdentifierBytes)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        var keep = name;
        while (Encoding.UTF8.GetByteCount(keep) > MaxIdentifierBytes - 9)
        {
            keep = keep[..^1];
        }

        return keep + "_" + hash;
    }

    /// <summary>Runs <paramref name="sql"/> only when <paramref name="condition"/> holds, so re-running it changes nothing.</summary>
    public static string Guarded(string condition, string sql)
    {
        var body = string.Join("\n", sql.TrimEnd().Split('\n').Select(line => line.Length == 0 ? line : "        " + line.TrimEnd('\r')));
        return $"""
            DO $esm$
            BEGIN
                IF {condition} THEN
            {body}
                END IF;
            END
            $esm$;
            """;
    }
}
