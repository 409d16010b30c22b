using System.Data.Common;
using System.Diagnostics;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Operations;
using EfSafeMigrations.Sql;

namespace EfSafeMigrations.Running;

/// <summary>
/// Fills a column batch by batch along the primary key, each batch in its own short transaction.
/// Only rows up to the last key that existed at the start are visited, so it ends under any insert
/// load; rows inserted later are filled by the group's trigger or default. An observer's checkpoint
/// commits with its batch, so a resumed backfill visits no row twice.
/// </summary>
/// <param name="sql">The dialect's backfill SQL.</param>
public sealed class KeysetBackfill(IBackfillSql sql)
{
    /// <summary>Reads the key of the last existing row: where a new backfill stops. Null for an empty table.</summary>
    public async Task<object?[]?> UpperBoundAsync(DbConnection connection, BackfillOperation operation, CancellationToken cancellationToken)
        => await ReadRowAsync(connection, null, sql.UpperBound(operation), [], cancellationToken).ConfigureAwait(false);

    /// <summary>Runs the backfill to the end, or from <paramref name="resume"/> to the end.</summary>
    public async Task<BackfillResult> RunAsync(
        DbConnection connection,
        BackfillOperation operation,
        BackfillSettings settings,
        CancellationToken cancellationToken,
        BackfillCheckpoint? resume = null,
        IBackfillObserver? observer = null)
    {
        var checkpoint = resume;
        if (checkpoint == null)
        {
            var upper = await UpperBoundAsync(connection, operation, cancellationToken).ConfigureAwait(false);
            if (upper == null)
            {
                return new BackfillResult(0, 0);
            }

            checkpoint = new BackfillCheckpoint(upper, null, 0, 0);
        }

        var batchSize = settings.BatchSize;
        var sizer = new BatchSizer(settings);
        var batches = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (observer != null)
            {
                await observer.BeforeBatchAsync(cancellationToken).ConfigureAwait(false);
            }

            var clock = Stopwatch.StartNew();
            await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
            var parameters = checkpoint.Upper.Select((value, i) => ($"hi{i}", value))
                .Append(("batch", (object?)batchSize))
                .Concat((checkpoint.Lower ?? []).Select((value, i) => ($"lo{i}", value)))
                .ToArray();
            var row = await BatchAsync(connection, transaction, operation, checkpoint.Lower == null, settings.LockTimeoutStatement, batchSize, parameters).ConfigureAwait(false);
            if (row == null)
            {
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                return new BackfillResult(checkpoint.RowsFilled, batches, checkpoint.RowsVisited);
            }

            var filled = Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture);
            var visited = Convert.ToInt64(row[1], System.Globalization.CultureInfo.InvariantCulture);
            checkpoint = checkpoint with
            {
                Lower = row[2..],
                RowsVisited = checkpoint.RowsVisited + visited,
                RowsFilled = checkpoint.RowsFilled + filled,
            };
            if (observer != null)
            {
                await observer.AfterBatchAsync(checkpoint, batchSize, clock.Elapsed, transaction, CancellationToken.None).ConfigureAwait(false);
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            batches++;
            var elapsed = clock.Elapsed;
            batchSize = sizer.Next(batchSize, visited, elapsed);
            await CapRateAsync(visited, elapsed, settings, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CapRateAsync(long visited, TimeSpan elapsed, BackfillSettings settings, CancellationToken cancellationToken)
    {
        if (settings.MaxRowsPerSecond is not { } cap || cap <= 0)
        {
            return;
        }

        var due = TimeSpan.FromSeconds((double)visited / cap) - elapsed;
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Fills one batch: one row of rows filled, rows visited and the batch's last key; null past the upper bound.</summary>
    private async Task<object?[]?> BatchAsync(
        DbConnection connection, DbTransaction transaction, BackfillOperation operation, bool first, string? lockTimeout, int batchSize, (string, object?)[] parameters)
    {
        if (sql.BatchKeys(operation, first) is not { } keysSql)
        {
            // One round trip: the lock timeout is sent with the batch (the reader skips the SET's empty result).
            var text = lockTimeout == null ? sql.Batch(operation, first) : lockTimeout + "\n" + sql.Batch(operation, first);
            return await ReadRowAsync(connection, transaction, text, parameters, CancellationToken.None).ConfigureAwait(false);
        }

        if (sql.FullBatchEnd(operation, first) is { } endSql)
        {
            // The lock timeout travels with the query of the batch's end (the reader skips the SET's empty result).
            var end = await ReadRowAsync(connection, transaction, lockTimeout == null ? endSql : lockTimeout + "\n" + endSql, parameters, CancellationToken.None)
                .ConfigureAwait(false);
            if (end != null)
            {
                return await FillAsync(end, batchSize).ConfigureAwait(false);
            }

            lockTimeout = null;
        }

        if (lockTimeout != null)
        {
            await AdoCommands.ExecuteAsync(connection, lockTimeout, null, CancellationToken.None, transaction).ConfigureAwait(false);
        }

        var keys = new List<object?[]>();
        await using (var command = AdoCommands.Create(connection, keysSql, null, parameters))
        {
            command.Transaction = transaction;
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
            while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var key = new object?[reader.FieldCount];
                reader.GetValues(key!);
                keys.Add(key);
            }
        }

        if (keys.Count == 0)
        {
            return null;
        }

        return await FillAsync(keys[^1], keys.Count).ConfigureAwait(false);

        async Task<object?[]> FillAsync(object?[] last, long visited)
        {
            var filled = await AdoCommands.ExecuteAsync(
                connection, sql.Batch(operation, first), null, CancellationToken.None, transaction, [.. parameters, .. last.Select((value, i) => ($"last{i}", value))])
                .ConfigureAwait(false);
            return [filled, visited, .. last];
        }
    }

    private static async Task<object?[]?> ReadRowAsync(
        DbConnection connection, DbTransaction? transaction, string text, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = AdoCommands.Create(connection, text, null, parameters);
        command.Transaction = transaction;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var values = new object?[reader.FieldCount];
        reader.GetValues(values!);
        return values;
    }
}
