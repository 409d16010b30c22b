using System.Security.Cryptography;
using System.Text;

namespace EfSafeMigrations.Dialects.MySql;

/// <summary>Quoting, naming and catalogue lookups for MySQL and MariaDB SQL text.</summary>
internal static class MySqlText
{
    private const int MaxIdentifierLength = 64;

    public static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    public static string Table(string table, string? schema) => schema == null ? Quote(table) : Quote(schema) + "." + Quote(table);

    public static string Literal(string value)
        => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A literal of a text, boolean or number value.</summary>
    public static string Literal(object value) => value switch
    {
        string text => Literal(text),
        bool flag => flag ? "TRUE" : "FALSE",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    /// <summary>The schema (database) a table is in: the named one, or the connection's.</summary>
    public static string SchemaOf(string? schema) => schema == null ? "DATABASE()" : Literal(schema);

    public static string TableExists(string table, string? schema)
        => $"SELECT EXISTS (SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = {SchemaOf(schema)} AND TABLE_NAME = {Literal(table)});";

    public static string ColumnExists(string table, string? schema, string column)
        => $"SELECT EXISTS (SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = {SchemaOf(schema)} AND TABLE_NAME = {Literal(table)} AND COLUMN_NAME = {Literal(column)});";

    public static string IndexExists(string table, string? schema, string index)
        => $"SELECT EXISTS (SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = {SchemaOf(schema)} AND TABLE_NAME = {Literal(table)} AND INDEX_NAME = {Literal(index)});";

    public static string ConstraintExists(string table, string? schema, string name)
        => $"SELECT EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = {SchemaOf(schema)} AND TABLE_NAME = {Literal(table)} AND CONSTRAINT_NAME = {Literal(name)});";

    /// <summary>The opposite of an existence query: true when the object is gone.</summary>
    public static string Not(string existsQuery) => "SELECT NOT (" + existsQuery.TrimEnd(';') + ");";

    /// <summary>A name of ours for a trigger, shortened with a hash past MySQL's 64 characters.</summary>
    public static string ObjectName(string prefix, params string[] parts)
    {
        var name = prefix + "_" + string.Join("_", parts);
        if (name.Length <= MaxIdentifierLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return name[..(MaxIdentifierLength - 9)] + "_" + hash;
    }
}
