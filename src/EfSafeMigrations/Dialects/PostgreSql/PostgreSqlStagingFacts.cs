using System.Text.RegularExpressions;

namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>PostgreSQL's volatility of default expressions and its metadata-only type changes.</summary>
internal static partial class PostgreSqlStagingFacts
{
    // Functions that are not volatile (stable or immutable): a default built only from these and
    // literals is evaluated once by ADD COLUMN and stored as metadata (PostgreSQL 11+).
    private static readonly HashSet<string> NonVolatileFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "now", "current_timestamp", "current_date", "current_time", "localtimestamp", "localtime",
        "transaction_timestamp", "statement_timestamp", "current_user", "current_schema", "session_user",
        "lower", "upper", "concat", "coalesce", "nullif", "length", "abs", "round", "make_date", "make_timestamp",
        "to_timestamp", "to_date", "jsonb_build_object", "json_build_object", "array", "timezone",
    };

    public static bool IsVolatileDefault(string defaultValueSql)
    {
        var withoutStrings = StringLiteral().Replace(defaultValueSql, "''");
        return FunctionCall().Matches(withoutStrings).Any(m => !NonVolatileFunctions.Contains(m.Groups[1].Value));
    }

    public static bool IsMetadataOnlyTypeChange(string oldStoreType, string newStoreType)
    {
        var (oldName, oldLength, oldScale) = Parse(oldStoreType);
        var (newName, newLength, newScale) = Parse(newStoreType);
        return (oldName, newName) switch
        {
            ("character varying", "character varying") => newLength == null || oldLength != null && newLength >= oldLength,
            ("character varying", "text") => true,
            ("text", "character varying") => newLength == null,
            ("numeric", "numeric") => newLength == null || oldLength != null && newLength >= oldLength && newScale == oldScale,
            ("cidr", "inet") => true,
            _ => false,
        };
    }

    /// <summary>
    /// timestamp to timestamptz or back: PostgreSQL 12+ leaves the rows untouched when the session TimeZone is UTC
    /// (the stored values are then read as UTC), and rewrites the table under any other zone.
    /// </summary>
    public static bool IsTimestampZoneChange(string oldStoreType, string newStoreType)
        => (IsTimestamp(oldStoreType) && IsTimestamptz(newStoreType)) || (IsTimestamptz(oldStoreType) && IsTimestamp(newStoreType));

    private static bool IsTimestamp(string storeType) => WithoutPrecision(storeType) is "timestamp" or "timestamp without time zone";

    private static bool IsTimestamptz(string storeType) => WithoutPrecision(storeType) is "timestamptz" or "timestamp with time zone";

    /// <summary>
    /// The length limit a change from text or varchar puts on the column (text to varchar(n), varchar(m) to varchar(n)
    /// with n &lt; m): PostgreSQL checks every value and rewrites the table. Null for any other change.
    /// </summary>
    public static int? NewLengthLimit(string oldStoreType, string newStoreType)
    {
        var (oldName, oldLength, _) = Parse(oldStoreType);
        var (newName, newLength, _) = Parse(newStoreType);
        return oldName is "text" or "character varying" && newName == "character varying" && newLength is { } limit
            && (oldLength == null || limit < oldLength)
                ? limit
                : null;
    }

    private static (string Name, int? Length, int? Scale) Parse(string storeType)
    {
        var match = TypeWithModifiers().Match(storeType.Trim().ToLowerInvariant());
        var name = match.Groups[1].Value.Trim() switch
        {
            "varchar" => "character varying",
            "decimal" => "numeric",
            var other => other,
        };
        int? Number(Group g) => g.Success ? int.Parse(g.Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        return (name, Number(match.Groups[2]), Number(match.Groups[3]));
    }

    private static string WithoutPrecision(string storeType)
        => string.Join(' ', Precision().Replace(storeType.ToLowerInvariant(), " ").Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"\(\s*\d+\s*\)")]
    private static partial Regex Precision();

    [GeneratedRegex(@"'(?:[^']|'')*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_\.]*)\s*\(")]
    private static partial Regex FunctionCall();

    [GeneratedRegex(@"^([a-z ]+?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$")]
    private static partial Regex TypeWithModifiers();
}
