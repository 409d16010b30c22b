using EfSafeMigrations.Operations;
using static EfSafeMigrations.Dialects.KeysetSql;
using static EfSafeMigrations.Dialects.MySql.MySqlText;

namespace EfSafeMigrations.Dialects.MySql;

/// <summary>
/// Keyset batches on MySQL and MariaDB, whose UPDATE returns no rows: the batch's keys are read first, then the rows
/// up to the last of them are filled in the same transaction.
/// </summary>
internal sealed class MySqlBackfillSql : IBackfillSql
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
