using EfSafeMigrations.Operations;
using static EfSafeMigrations.Dialects.PostgreSql.PostgreSqlText;

namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>
/// Keyset batches in one round trip each: a data-modifying CTE fills the rows of the batch's key range that are
/// still NULL and the statement returns the batch's last key.
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
        var above = first ? string.Empty : $"{Row(keys)} > {Row(Parameters("lo", keys.Count))} AND ";
        var lastKeys = Enumerable.Range(0, keys.Count).Select(i => $"esm_last{i}").ToList();

        // The UPDATE scans the key range up to the batch's last key rather than joining the batch's keys: the join
        // (a hash of every key, then one index probe per row) cost as much again as the updates themselves.
        // The batch's columns get names of their own, so the value's SQL may name the key columns.
        return $"""
            WITH batch AS (
                SELECT {keyList} FROM {table}
                WHERE {above}{Row(keys)} <= {Row(Parameters("hi", keys.Count))}
                ORDER BY {keyList}
                LIMIT @batch
            ), batch_end AS (
                SELECT {string.Join(", ", keys.Select((k, i) => $"{k} AS {lastKeys[i]}"))}, (SELECT count(*) FROM batch) AS esm_visited
                FROM batch ORDER BY {string.Join(", ", keys.Select(k => k + " DESC"))} LIMIT 1
            ), filled AS (
                UPDATE {table} SET {column} = ({operation.ValueSql})
                FROM batch_end
                WHERE {above}{Row(keys)} <= {Row(lastKeys)} AND {column} IS NULL
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM filled), esm_visited, {string.Join(", ", lastKeys)} FROM batch_end;
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
