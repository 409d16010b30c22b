using EfSafeMigrations.Operations;

namespace EfSafeMigrations.Dialects;

/// <summary>The key columns, parameters and key ranges of keyset batches, shared by the dialects' backfill SQL.</summary>
internal static class KeysetSql
{
    /// <summary>The operation's key columns, quoted; a clear error for a table without a primary key.</summary>
    public static List<string> Keys(BackfillOperation operation, Func<string, string> quote)
        => operation.KeyColumns.Count > 0
            ? operation.KeyColumns.Select(quote).ToList()
            : throw new InvalidOperationException(
                $"Table {operation.Table} has no primary key, so {operation.Column} cannot be backfilled in batches. Give the table a primary key in an earlier migration.");

    /// <summary>The batch's key range: after <c>@lo0..</c> (unless <paramref name="first"/>) and up to <c>@{upper}0..</c>.</summary>
    public static string Range(List<string> keys, bool first, string upper)
        => (first ? string.Empty : $"{Row(keys)} > {Row(Parameters("lo", keys.Count))} AND ") + $"{Row(keys)} <= {Row(Parameters(upper, keys.Count))}";

    public static IEnumerable<string> Parameters(string prefix, int count) => Enumerable.Range(0, count).Select(i => $"@{prefix}{i}");

    /// <summary>One item as it is, several as a row value.</summary>
    public static string Row(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 1 ? list[0] : "(" + string.Join(", ", list) + ")";
    }
}
