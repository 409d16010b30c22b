using System.Globalization;
using System.Text.RegularExpressions;

namespace EfSafeMigrations.Dialects.MySql;

/// <summary>MySQL's and MariaDB's defaults that add a column without touching the rows, and their in-place type changes.</summary>
internal static partial class MySqlStagingFacts
{
    // utf8mb4 stores up to 4 bytes a character; a VARCHAR of up to 255 bytes has a 1-byte length prefix, longer ones 2.
    private const int MaxBytesPerCharacter = 4;
    private const int OneBytePrefixLimit = 255;

    /// <summary>
    /// Literal defaults and CURRENT_TIMESTAMP are added with the column in place (ALGORITHM=INSTANT); an expression
    /// default, written in parentheses, makes the server copy the table, so it counts as volatile.
    /// </summary>
    public static bool IsVolatileDefault(string defaultValueSql)
    {
        var text = defaultValueSql.Trim();
        return !(Literal().IsMatch(text) || CurrentTimestamp().IsMatch(text));
    }

    /// <summary>A longer VARCHAR whose length prefix stays the same size: changed in place without a copy.</summary>
    public static bool IsMetadataOnlyTypeChange(string oldStoreType, string newStoreType)
    {
        var (oldName, oldLength) = Parse(oldStoreType);
        var (newName, newLength) = Parse(newStoreType);
        return oldName == "varchar" && newName == "varchar" && oldLength is { } from && newLength is { } to && to >= from
            && (from * MaxBytesPerCharacter <= OneBytePrefixLimit) == (to * MaxBytesPerCharacter <= OneBytePrefixLimit);
    }

    private static (string Name, int? Length) Parse(string storeType)
    {
        var match = TypeWithLength().Match(storeType.Trim().ToLowerInvariant());
        return match.Success
            ? (match.Groups[1].Value, match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : null)
            : (storeType.Trim().ToLowerInvariant(), null);
    }

    [GeneratedRegex(@"^(?:'(?:[^'\\]|''|\\.)*'|-?\d+(?:\.\d+)?|TRUE|FALSE|NULL|b'[01]*'|0x[0-9a-f]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Literal();

    [GeneratedRegex(@"^(?:CURRENT_TIMESTAMP|NOW|LOCALTIME|LOCALTIMESTAMP)(?:\(\d?\))?$", RegexOptions.IgnoreCase)]
    private static partial Regex CurrentTimestamp();

    [GeneratedRegex(@"^([a-z]+)\s*(?:\(\s*(\d+)\s*\))?")]
    private static partial Regex TypeWithLength();
}
