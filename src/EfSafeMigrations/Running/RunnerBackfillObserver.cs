using System.Data.Common;
using System.Diagnostics;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Sql;

namespace EfSafeMigrations.Running;

/// <summary>
/// The runner's hooks on a backfill: checks that the runner still holds its lock before each batch commits, pauses while a replica lags (as the
/// primary shows it, or as each of the <paramref name="replicas"/> named to the runner says),
/// writes the checkpoint in each batch's transaction, and reports progress.
/// </summary>
internal sealed class RunnerBackfillObserver(
    DbConnection connection,
    IRunnerSql sql,
    RunnerStateStore state,
    IRunnerEvents events,
    RunnerSettings settings,
    string migrationId,
    string step,
    string target,
    long rowsTotal,
    DatabaseLock? held = null,
    ReplicaWatch? replicas = null) : IBackfillObserver
{
    private static readonly TimeSpan LagReadInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LagRecheck = TimeSpan.FromMilliseconds(500);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Stopwatch? _lagReadAt;
    private long _rowsAtStart = -1;
    private bool _lagHiddenReported;
    private Task? _lockCheck;

    public async Task BeforeBatchAsync(CancellationToken cancellationToken)
    {
        await LockCheckedAsync().ConfigureAwait(false);
        await WaitForReplicasAsync(cancellationToken).ConfigureAwait(false);

        // The lock is checked on its own session while the batch runs, and the batch commits only once it is confirmed
        // (AfterBatchAsync): nothing is changed without the lock, and no round trip is added to the batch's time.
        if (held != null)
        {
            // Not cancelled by a stop: it is one short query, and a cancelled check would undo the batch it guards.
            _lockCheck = held.EnsureHeldAsync($"committing a batch of the backfill of {target}", events, CancellationToken.None);
        }
    }

    /// <summary>Waits for the check of the runner's lock made for the latest batch; throws if the lock was lost.</summary>
    public async Task LockCheckedAsync()
    {
        if (_lockCheck is { } check)
        {
            _lockCheck = null;
            await check.ConfigureAwait(false);
        }
    }

    private async Task WaitForReplicasAsync(CancellationToken cancellationToken)
    {
        // The lag is read at most once a second while it is low: a batch takes a fraction of that, and the limit is seconds.
        if (_lagReadAt is { } readAt && readAt.Elapsed < LagReadInterval)
        {
            return;
        }

        var waited = Stopwatch.StartNew();
        while (replicas != null)
        {
            var reading = await replicas.WorstAsync(cancellationToken).ConfigureAwait(false);
            var max = settings.MaxReplicaLag.TotalSeconds;
            if (reading.Problem == null && reading.Seconds <= max)
            {
                _lagReadAt = Stopwatch.StartNew();
                return;
            }

            events.Report(new WaitEvent(
                reading.Problem != null
                    ? $"replica {reading.Replica} {reading.Problem}, so its lag is unknown; backfill of {target} paused"
                    : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"replica {reading.Replica} is {reading.Seconds:0.#} s behind its primary, over {max:0.#} s; backfill of {target} paused"),
                waited.Elapsed.TotalSeconds));
            await Task.Delay(LagRecheck, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            // Null: there are replicas, but the database does not show this role their lag.
            var value = await AdoCommands.ScalarAsync(connection, sql.ReplicaLagSeconds, cancellationToken).ConfigureAwait(false);
            if (value == null)
            {
                ReportLagHidden();
                return;
            }

            var lag = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            if (lag <= settings.MaxReplicaLag.TotalSeconds)
            {
                _lagReadAt = Stopwatch.StartNew();
                return;
            }

            events.Report(new WaitEvent($"replica replay lag {lag:0.0} s is over {settings.MaxReplicaLag.TotalSeconds:0.#} s; backfill of {target} paused", waited.Elapsed.TotalSeconds));
            await Task.Delay(LagRecheck, cancellationToken).ConfigureAwait(false);
        }
    }

    private void ReportLagHidden()
    {
        if (_lagHiddenReported)
        {
            return;
        }

        _lagHiddenReported = true;
        events.Report(new MessageEvent(sql.ReplicaLagHidden(target)));
    }

    /// <summary>The batches this run has seen through (counted before each commits).</summary>
    public int Batches { get; private set; }

    public async Task AfterBatchAsync(
        BackfillCheckpoint checkpoint, int batchSize, TimeSpan elapsed, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await LockCheckedAsync().ConfigureAwait(false);
        Batches++;
        await state.WriteAsync(
            new RunnerStateRow(migrationId, step, "running", checkpoint.RowsVisited, CheckpointCodec.Encode(checkpoint)),
            cancellationToken,
            transaction).ConfigureAwait(false);
        if (_rowsAtStart < 0)
        {
            _rowsAtStart = checkpoint.RowsVisited - batchSize;
        }

        var rate = (checkpoint.RowsVisited - Math.Max(0, _rowsAtStart)) / Math.Max(0.001, _clock.Elapsed.TotalSeconds);
        if (settings.MaxRowsPerSecond is { } cap && cap > 0)
        {
            // The cap's wait for this batch comes after this report: the run's rate (and its ETA) is the cap at most.
            rate = Math.Min(rate, cap);
        }

        events.Report(new BackfillProgressEvent(migrationId, target, checkpoint.RowsVisited, Math.Max(rowsTotal, checkpoint.RowsVisited), rate, batchSize, Finished: false));
    }
}
