using EfSafeMigrations.Operations;
using static EfSafeMigrations.Dialects.KeysetSql;
using static EfSafeMigrations.Dialects.PostgreSql.PostgreSqlText;

namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>
/// Keyset batches in two statements: the batch's keys, then an UPDATE of the rows of that key range that are still NULL.
/// </summary>
internal sealed class PostgreSqlBackfillSql : IBackfillSql
{
    public string UpperBound(BackfillOperation operation)
    {
        var keys = Keys(operation);
        return $"SELECT {string.Join(", ", keys)} FROM {Table(operation.Table, operation.Schema)} ORDER BY {string.Join(", ", keys.Select(k => k + " DESC"))} LIMIT 1;";
    }

    public string BatchKeys(BackfillOperation operation, bool first)
    {
        var keys = Keys(operation);
        var keyList = string.Join(", ", keys);
        return $"SELECT {keyList} FROM {Table(operation.Table, operation.Schema)} WHERE {Range(keys, first, "hi")} ORDER BY {keyList} LIMIT @batch;";
    }

    public string FullBatchEnd(BackfillOperation operation, bool first)
    {
        var keys = Keys(operation);
        var keyList = string.Join(", ", keys);
        return $"SELECT {keyList} FROM {Table(operation.Table, operation.Schema)} WHERE {Range(keys, first, "hi")} ORDER BY {keyList} OFFSET @batch - 1 LIMIT 1;";
    }

    // The UPDATE gets the batch's key range as values, not from a join with the batch: with a bound known only at run
    // time the planner may take a whole-table scan for a few thousand rows (it did, at 5 million rows once the
    // statistics had seen the column half filled), and joining every key costs one index probe a row.
    public string Batch(BackfillOperation operation, bool first)
    {
        BackfillSql.ThrowIfPlaceholder(operation.ValueSql, operation.Table, operation.Column);
        var column = Quote(operation.Column);
        return $"UPDATE {Table(operation.Table, operation.Schema)} SET {column} = ({operation.ValueSql}) WHERE {Range(Keys(operation), first, "last")} AND {column} IS NULL;";
    }

    public string SingleStatement(BackfillOperation operation)
    {
        BackfillSql.ThrowIfPlaceholder(operation.ValueSql, operation.Table, operation.Column);
        var column = Quote(operation.Column);
        return $"UPDATE {Table(operation.Table, operation.Schema)} SET {column} = ({operation.ValueSql}) WHERE {column} IS NULL;";
    }

    private static List<string> Keys(BackfillOperation operation) => KeysetSql.Keys(operation, Quote);
}
