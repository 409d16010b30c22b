using EfSafeMigrations.Operations;

namespace EfSafeMigrations.Dialects;

/// <summary>
/// The SQL of a keyset-batched backfill. Parameters: <c>@hi0..</c> the key of the last row that existed
/// at the start, <c>@lo0..</c> the key of the last row of the previous batch, <c>@batch</c> the batch size.
/// </summary>
public interface IBackfillSql
{
    /// <summary>Selects the key columns of the last row by key (the upper bound); no row on an empty table.</summary>
    string UpperBound(BackfillOperation operation);

    /// <summary>
    /// Fills one batch and returns one row: the number of rows filled, the number of rows visited,
    /// then the batch's last key columns; no row once the batches are past the upper bound.
    /// </summary>
    /// <param name="operation">What to fill.</param>
    /// <param name="first">True for the first batch (no lower bound).</param>
    string Batch(BackfillOperation operation, bool first);

    /// <summary>
    /// Null when <see cref="Batch"/> chooses its batch itself. Else a query of the next batch's key rows (at most
    /// <c>@batch</c>, in key order, no row once past the upper bound); <see cref="Batch"/> then fills the rows from
    /// the lower bound up to the last of them, given as <c>@last0..</c>, and returns nothing but its row count (for
    /// databases whose UPDATE cannot return rows).
    /// </summary>
    /// <param name="operation">What to fill.</param>
    /// <param name="first">True for the first batch (no lower bound).</param>
    string? BatchKeys(BackfillOperation operation, bool first) => null;

    /// <summary>
    /// Null, or a query of the key columns of the <c>@batch</c>-th key row <see cref="BatchKeys"/> would give, no row
    /// when there are fewer: where a full batch ends, found on the server, so its keys do not travel to the client.
    /// <see cref="BatchKeys"/> serves the last, shorter batch.
    /// </summary>
    /// <param name="operation">What to fill.</param>
    /// <param name="first">True for the first batch (no lower bound).</param>
    string? FullBatchEnd(BackfillOperation operation, bool first) => null;

    /// <summary>The whole backfill as one statement, for SQL scripts.</summary>
    string SingleStatement(BackfillOperation operation);
}
