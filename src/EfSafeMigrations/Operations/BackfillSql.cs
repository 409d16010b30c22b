namespace EfSafeMigrations;

/// <summary>Values for backfill expressions.</summary>
public static class BackfillSql
{
    /// <summary>The text of <see cref="Placeholder"/>; SQL generation refuses any expression holding it.</summary>
    public const string PlaceholderMarker = "EfSafeMigrations: backfill expression not written yet";

    /// <summary>The value of <see cref="Placeholder"/>, for code that must not fail to compile.</summary>
    public const string PlaceholderValue = "/* " + PlaceholderMarker + " */ NULL";

    /// <summary>
    /// Written by <c>dotnet ef migrations add</c> where the developer asked for a computed backfill
    /// without giving the expression. Using it fails the build until the expression is written.
    /// </summary>
    [Obsolete("Write the SQL expression that computes this column from the row's other columns (for example \"\\\"FirstName\\\" || ' ' || \\\"LastName\\\"\") in place of BackfillSql.Placeholder, in every migration of this group that uses it.", error: true)]
    public const string Placeholder = PlaceholderValue;

    /// <summary>Throws when <paramref name="valueSql"/> is (or holds) the placeholder.</summary>
    public static void ThrowIfPlaceholder(string valueSql, string table, string column)
    {
        if (valueSql.Contains(PlaceholderMarker, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The backfill of {table}.{column} is still the placeholder. Write the SQL expression that computes it in the migration's Backfill and AddFillTrigger calls, then build again.");
        }
    }
}
