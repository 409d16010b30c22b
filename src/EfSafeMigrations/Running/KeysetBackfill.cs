using System.Data.Common;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Operations;
using EfSafeMigrations.Sql;

namespace EfSafeMigrations.Running;

/// <summary>
/// Fills a column batch by batch along the primary key, each batch its own statement (and so its own
/// short transaction). Only rows up to the last key that existed at the start are visited, so it ends
/// under any insert load; rows inserted later are filled by the group's trigger or default.
/// </summary>
/// <param name="sql">The dialect's backfill SQL.</param>
public sealed class KeysetBackfill(IBackfillSql sql)
{
    /// <summary>Runs the backfill to the end.</summary>
    public async Task<BackfillResult> RunAsync(
        DbConnection connection, BackfillOperation operation, BackfillSettings settings, CancellationToken cancellationToken)
    {
        var upper = await ReadKeyAsync(connection, sql.UpperBound(operation), [], cancellationToken).ConfigureAwait(false);
        if (upper == null)
        {
            return new BackfillResult(0, 0);
        }

        var highParameters = upper.Select((value, i) => ($"hi{i}", value)).ToArray();
        object?[]? lower = null;
        long filled = 0;
        var batches = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parameters = highParameters.Append(("batch", (object?)settings.BatchSize));
            if (lower != null)
            {
                parameters = parameters.Concat(lower.Select((value, i) => ($"lo{i}", value)));
            }

            var row = await ReadKeyAsync(connection, sql.Batch(operation, lower == null), parameters.ToArray(), cancellationToken).ConfigureAwait(false);
            if (row == null)
            {
                return new BackfillResult(filled, batches);
            }

            batches++;
            filled += Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture);
            lower = row[1..];
        }
    }

    private static async Task<object?[]?> ReadKeyAsync(
        DbConnection connection, string text, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = AdoCommands.Create(connection, text, null, parameters);
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
