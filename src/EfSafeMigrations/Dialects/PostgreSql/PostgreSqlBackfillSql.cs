using EfSafeMigrations.Operations;
using static EfSafeMigrations.Dialects.PostgreSql.PostgreSqlText;

namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>
/// Keyset batches in one round trip each: a data-modifying CTE fills the batch's rows that are still
/// NULL and the statement returns the batch's last key.
/// </summary>
internal sealed class PostgreSqlBackfillSql : IBackfillSql
{
    public string UpperBound(BackfillOperation operation)
    {
        var keys = Keys(operation);
        return $"SELECT {string.Join(", ", keys)} FROM {Table(operation.Table, operation.Schema)} ORDER BY {string.Join(", ", keys.Select(k => k + " DESC"))} LIMIT 1;";
    }

    public string Batch(BackfillOperation operation, bool first)
    {
        BackfillSql.ThrowIfPlaceholder(operation.ValueSql, operation.Table, operation.Column);
        var keys = Keys(operation);
        var keyList = string.Join(", ", keys);
        var table = Table(operation.Table, operation.Schema);
        var column = Quote(operation.Column);
        var range = (first ? string.Empty : $"{Row(keys)} > {Row(Parameters("lo", keys.Count))} AND ")
            + $"{Row(keys)} <= {Row(Parameters("hi", keys.Count))}";
        return $"""
            WITH batch AS (
                SELECT {keyList} FROM {table}
                WHERE {range}
                ORDER BY {keyList}
                LIMIT @batch
            ), filled AS (
                UPDATE {table} SET {column} = ({operation.ValueSql})
                WHERE {Row(keys)} IN (SELECT {keyList} FROM batch) AND {column} IS NULL
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM filled), (SELECT count(*) FROM batch), {keyList} FROM batch ORDER BY {string.Join(", ", keys.Select(k => k + " DESC"))} LIMIT 1;
            """;
    }

    public string SingleStatement(BackfillOperation operation)
    {
        BackfillSql.ThrowIfPlaceholder(operation.ValueSql, operation.Table, operation.Column);
        var column = Quote(operation.Column);
        return $"UPDATE {Table(operation.Table, operation.Schema)} SET {column} = ({operation.ValueSql}) WHERE {column} IS NULL;";
    }

    private static List<string> Keys(BackfillOperation operation)
        => operation.KeyColumns.Count > 0
            ? operation.KeyColumns.Select(Quote).ToList()
            : throw new InvalidOperationException(
                $"Table {operation.Table} has no primary key, so {operation.Column} cannot be backfilled in batches. Give the table a primary key in an earlier migration.");

    private static IEnumerable<string> Parameters(string prefix, int count) => Enumerable.Range(0, count).Select(i => $"@{prefix}{i}");

    private static string Row(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 1 ? list[0] : "(" + string.Join(", ", list) + ")";
    }
}
