using System.Data.Common;

namespace EfSafeMigrations.Running;

/// <summary>Hooks of a backfill: before each batch (throttles) and inside each batch's transaction (checkpoints, progress).</summary>
public interface IBackfillObserver
{
    /// <summary>Runs before a batch; may wait (for a replica to catch up). Cancellation stops the backfill.</summary>
    Task BeforeBatchAsync(CancellationToken cancellationToken);

    /// <summary>Runs inside the batch's transaction before it commits, so a checkpoint commits with its batch.</summary>
    Task AfterBatchAsync(BackfillCheckpoint checkpoint, int batchSize, TimeSpan elapsed, DbTransaction transaction, CancellationToken cancellationToken);
}
