using System.Data.Common;
using System.Diagnostics;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Operations;
using EfSafeMigrations.Planning;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Sql;

namespace EfSafeMigrations.Running;

/// <summary>
/// Runs a phase migration's steps on an open connection: consecutive transactional DDL in one
/// transaction, the rest alone, each retried on lock timeout; backfills batch by batch from their
/// checkpoints; then records the migration in EF Core's history and the runner's state in one
/// transaction. Used for migrations compiled into the app and for published plans alike.
/// </summary>
/// <param name="connection">An open connection.</param>
/// <param name="dialect">The database's dialect.</param>
/// <param name="settings">How steps are applied.</param>
/// <param name="events">Where progress goes.</param>
/// <param name="state">The runner's state table.</param>
/// <param name="recorded">Writes what else must change with the history row, in its transaction (the phase's flag): the migration, and whether it was applied (false: undone).</param>
internal sealed class StepExecutor(
    DbConnection connection, DatabaseDialect dialect, RunnerSettings settings, IRunnerEvents events, RunnerStateStore state,
    Func<PendingMigration, bool, DbTransaction, Task>? recorded = null)
{
    private RetryPolicy Retry => new(settings, dialect.Runner.IsLockTimeout);

    /// <summary>The replicas named to the runner, whose lag the backfills watch; null when none is (refused on a dialect that takes no names).</summary>
    public ReplicaWatch? Replicas { get; } = ReplicaWatch.For(connection, dialect.Runner, settings.Replicas);

    /// <summary>Reconnects and goes on when the connection is lost; its <see cref="ConnectionRecovery.Lock"/> is the run's database lock.</summary>
    public ConnectionRecovery Recovery { get; } = new(connection, dialect.Runner, events);

    /// <summary>
    /// Awaited after each run of a migration's steps (one transaction, or one step that runs alone) has
    /// committed, before the next run and before the history row: a test hook that lets app writers work
    /// in every gap between two steps. Not called when undoing.
    /// </summary>
    internal Func<StepPause, Task>? AfterEachRun { get; init; }

    /// <summary>
    /// Applies the migrations in order; null when all are applied, else the exit code and message of the
    /// first that stopped (a signal) or failed, with its state recorded so a re-run resumes there.
    /// </summary>
    /// <param name="pending">The migrations to apply, in order.</param>
    /// <param name="known">The runner's state rows.</param>
    /// <param name="stop">Stops the run after its current batch or step.</param>
    /// <param name="held">The runner's lock, checked before every step and batch; null: not checked.</param>
    public async Task<(int ExitCode, string Message)?> ApplyEachAsync(
        IEnumerable<PendingMigration> pending, IReadOnlyDictionary<(string, string), RunnerStateRow> known, CancellationToken stop, DatabaseLock? held = null)
    {
        foreach (var migration in pending)
        {
            try
            {
                await ApplyAsync(migration, known, stop, held).ConfigureAwait(false);
            }
            catch (Exception error) when (Lost(error) is { } lost)
            {
                // Nothing more is written without the lock: the state row stays as the last finished step left it.
                events.Report(new StepEvent(migration.Id, migration.Phase, "failed", lost.Message));
                return (ExitCodes.Failed, lost.Message);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                if (connection.State == System.Data.ConnectionState.Open)
                {
                    await state.WriteAsync(new RunnerStateRow(migration.Id, RunnerStateStore.MigrationStep, "stopped"), CancellationToken.None).ConfigureAwait(false);
                }

                events.Report(new StepEvent(migration.Id, migration.Phase, "stopped"));
                return (ExitCodes.Failed, $"Stopped during {migration.Id} after its last finished batch. Run the same command again to resume.");
            }
            catch (Exception error) when (error is not RunnerRefusal)
            {
                var message = error.GetBaseException().Message;
                try
                {
                    if (connection.State == System.Data.ConnectionState.Open)
                    {
                        await state.WriteAsync(new RunnerStateRow(migration.Id, RunnerStateStore.MigrationStep, "failed", Error: message), CancellationToken.None).ConfigureAwait(false);
                    }
                }
                catch (DbException)
                {
                    // A database that takes no writes (or is gone) cannot record the failure; it is still reported.
                }

                events.Report(new StepEvent(migration.Id, migration.Phase, "failed", message));
                var advice = DatabaseErrorAdvice.For(error, connection.ConnectionString);
                return (ExitCodes.Failed,
                    $"{migration.Id} failed: {message} {(advice == null ? "Fix the cause and run" : advice + " Then run")} the same command again: finished steps are skipped.");
            }
        }

        return null;
    }

    private static LockLostException? Lost(Exception error)
    {
        for (Exception? current = error; current != null; current = current.InnerException)
        {
            if (current is LockLostException lost)
            {
                return lost;
            }
        }

        return null;
    }

    private async Task ApplyAsync(PendingMigration migration, IReadOnlyDictionary<(string, string), RunnerStateRow> known, CancellationToken stop, DatabaseLock? held)
    {
        var (migrationId, phase) = (migration.Id, migration.Phase);
        var clock = Stopwatch.StartNew();
        events.Report(new StepEvent(migrationId, phase, "started"));
        await Recovery.RunAsync(
            () => state.WriteAsync(new RunnerStateRow(migrationId, RunnerStateStore.MigrationStep, "running"), CancellationToken.None), $"as {migrationId} started", stop)
            .ConfigureAwait(false);
        var backfills = 0;
        var runs = Runs(migration.Steps()).ToList();
        for (var done = 0; done < runs.Count; done++)
        {
            var run = runs[done];
            if (held != null)
            {
                await held.EnsureHeldAsync($"step {done + 1} of {runs.Count} of {migrationId}", events, CancellationToken.None).ConfigureAwait(false);
            }

            if (run is [{ Kind: "backfill", Backfill: { } backfill }])
            {
                await BackfillAsync(migrationId, backfill, $"backfill:{backfills++}", known, stop, held).ConfigureAwait(false);
            }
            else
            {
                await Recovery.RunAsync(() => ExecuteAsync(migrationId, run), $"during step {done + 1} of {runs.Count} of {migrationId}", stop).ConfigureAwait(false);
            }

            if (AfterEachRun != null)
            {
                await AfterEachRun(new StepPause(migrationId, phase, done + 1, runs.Count, run)).ConfigureAwait(false);
            }
        }

        if (held != null)
        {
            await held.EnsureHeldAsync($"recording {migrationId} in the history", events, CancellationToken.None).ConfigureAwait(false);
        }

        await Recovery.RunAsync(() => RecordAsync(migration, migration.HistorySql, done: true), $"while {migrationId} was recorded in EF Core's history", stop).ConfigureAwait(false);
        events.Report(new StepEvent(migrationId, phase, "done", Seconds: clock.Elapsed.TotalSeconds));
    }

    /// <summary>Undoes a migration: <paramref name="migration"/>'s steps are its Down steps, its history statement removes its history row.</summary>
    public async Task UndoAsync(PendingMigration migration)
    {
        var (migrationId, phase) = (migration.Id, migration.Phase);
        var clock = Stopwatch.StartNew();
        var runs = Runs(migration.Steps()).ToList();
        for (var done = 0; done < runs.Count; done++)
        {
            var run = runs[done];
            var where = $"during step {done + 1} of {runs.Count} of the rollback of {migrationId}";
            if (run is [{ Kind: "backfill", Backfill: { } backfill }])
            {
                // A rollback's backfill starts again from the start: it keeps no checkpoint, and its batches fill only what is left.
                await Recovery.RunAsync(
                    () => new KeysetBackfill(dialect.Backfill).RunAsync(connection, Operation(backfill), Settings(backfill), CancellationToken.None), where, CancellationToken.None)
                    .ConfigureAwait(false);
            }
            else
            {
                await Recovery.RunAsync(() => ExecuteAsync(migrationId, run), where, CancellationToken.None).ConfigureAwait(false);
            }
        }

        await Recovery.RunAsync(() => RecordAsync(migration, migration.HistorySql, done: false), $"while {migrationId} was removed from EF Core's history", CancellationToken.None)
            .ConfigureAwait(false);
        events.Report(new StepEvent(migrationId, phase, "rolled-back", Seconds: clock.Elapsed.TotalSeconds));
    }

    private async Task BackfillAsync(
        string migrationId, PlanBackfill backfill, string step, IReadOnlyDictionary<(string, string), RunnerStateRow> known, CancellationToken stop, DatabaseLock? held)
    {
        var operation = Operation(backfill);
        var target = $"{operation.Table}.{operation.Column}";
        known.TryGetValue((migrationId, step), out var saved);
        if (saved?.Status == "done")
        {
            events.Report(new MessageEvent($"backfill of {target} was already finished", Verbose: true));
            return;
        }

        var resume = saved?.Checkpoint is { } json ? CheckpointCodec.Decode(json) : null;
        var total = 0L;
        await Recovery.RunAsync(
            async () => total = Convert.ToInt64(
                await AdoCommands.ScalarAsync(connection, dialect.Runner.CountRows(operation.Table, operation.Schema), CancellationToken.None).ConfigureAwait(false),
                System.Globalization.CultureInfo.InvariantCulture),
            $"as the backfill of {target} started",
            stop).ConfigureAwait(false);
        if (resume != null)
        {
            events.Report(new MessageEvent($"resuming the backfill of {target} after {resume.RowsVisited} rows"));
        }

        var observer = new RunnerBackfillObserver(connection, dialect.Runner, state, events, settings, migrationId, step, target, total, held, Replicas);
        var first = true;

        // After a lock timeout or a lost connection the backfill goes on from the checkpoint of its last committed batch.
        async Task<BackfillResult> FromCheckpointAsync()
        {
            var from = first ? resume : await SavedCheckpointAsync(migrationId, step).ConfigureAwait(false);
            first = false;
            try
            {
                return await new KeysetBackfill(dialect.Backfill).RunAsync(connection, operation, Settings(backfill), stop, from, observer).ConfigureAwait(false);
            }
            finally
            {
                // The last (empty) batch commits without a checkpoint: its lock check is awaited here, also after a failure.
                await observer.LockCheckedAsync().ConfigureAwait(false);
            }
        }

        var result = await Recovery.RunAsync(
            () => Retry.RunAsync(
                FromCheckpointAsync,
                (attempt, delay, reason) => events.Report(new RetryEvent(migrationId, attempt, delay.TotalSeconds, reason)),
                stop),
            async () =>
            {
                var checkpoint = await SavedCheckpointAsync(migrationId, step).ConfigureAwait(false);
                return (
                    $"during batch {observer.Batches + 1} of the backfill of {target}",
                    checkpoint == null ? "starting it again (no batch had committed)" : $"resuming after row {checkpoint.RowsVisited}",
                    checkpoint?.RowsVisited ?? 0);
            },
            stop).ConfigureAwait(false);
        await state.WriteAsync(new RunnerStateRow(migrationId, step, "done", result.RowsVisited), CancellationToken.None).ConfigureAwait(false);
        events.Report(new BackfillProgressEvent(migrationId, target, result.RowsVisited, Math.Max(total, result.RowsVisited), 0, settings.BatchSize ?? backfill.BatchSize ?? 1000, Finished: true));
        events.Report(new MessageEvent($"backfill of {target}: {result.RowsFilled} rows filled, {result.RowsVisited} visited ({result.Batches} batches in this run)"));
    }

    private async Task<BackfillCheckpoint?> SavedCheckpointAsync(string migrationId, string step)
        => (await state.ReadAsync(CancellationToken.None).ConfigureAwait(false)).TryGetValue((migrationId, step), out var row) && row.Checkpoint is { } json
            ? CheckpointCodec.Decode(json)
            : null;

    private BackfillSettings Settings(PlanBackfill backfill) => new(settings.BatchSize ?? backfill.BatchSize ?? 1000)
    {
        TargetBatchTime = settings.BatchSize == null ? settings.TargetBatchTime : null,
        MaxRowsPerSecond = settings.MaxRowsPerSecond,
        LockTimeoutStatement = dialect.Runner.LockTimeoutInTransaction(settings.LockTimeout),
    };

    private static BackfillOperation Operation(PlanBackfill backfill) => new()
    {
        Table = backfill.Table, Schema = backfill.Schema, Column = backfill.Column, ValueSql = backfill.ValueSql,
        KeyColumns = backfill.KeyColumns, BatchSize = backfill.BatchSize,
    };

    private async Task ExecuteAsync(string migrationId, IReadOnlyList<PlanStep> run)
    {
        var guard = new LockQueueGuard(connection, dialect.Runner, events, migrationId, settings.LockTimeout);
        await Retry.RunAsync(
            async () =>
            {
                switch (run)
                {
                    case [{ Kind: "concurrent-index" } index]:
                        // A concurrent build waits for old transactions by design and queues no one behind it.
                        return await ConcurrentIndexBuild.RunAsync(
                            connection, dialect, new ConcurrentIndexStep(index.Sql, index.Index!, index.Schema), settings.LockTimeout, CancellationToken.None).ConfigureAwait(false);
                    case [{ Kind: "online-alter" } alter]:
                        return await guard.RunAsync(
                            () => OnlineAlter.RunAsync(
                                connection,
                                dialect,
                                new OnlineAlterStep(alter.Attempts!, alter.DoneWhen, alter.Refusal!, alter.Reset, alter.Assured),
                                settings.LockTimeout,
                                CancellationToken.None,
                                notice => events.Report(new MessageEvent(notice))),
                            CancellationToken.None).ConfigureAwait(false);
                    case [{ Kind: "check" } check]:
                        return await OnlineAlter.CheckAsync(connection, new CheckStep(check.Sql, check.Refusal!), CancellationToken.None).ConfigureAwait(false);
                    case [{ Kind: "ddl-outside-transaction" } alone]:
                        return await guard.RunAsync(
                            () => SessionLockTimeout.RunAsync(
                                connection, dialect, settings.LockTimeout, () => AdoCommands.ExecuteAsync(connection, alone.Sql, 0, CancellationToken.None), CancellationToken.None),
                            CancellationToken.None).ConfigureAwait(false);
                }

                return await guard.RunAsync(() => ExecuteInTransactionAsync(run), CancellationToken.None).ConfigureAwait(false);
            },
            (attempt, delay, reason) => events.Report(new RetryEvent(migrationId, attempt, delay.TotalSeconds, reason)),
            CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<int> ExecuteInTransactionAsync(IReadOnlyList<PlanStep> run)
    {
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        var lockTimeout = dialect.Runner.LockTimeoutInTransaction(settings.LockTimeout);
        if (dialect.Runner.TransactionInOneCommand)
        {
            // One round trip: the exclusive lock the first statement takes is held for the statements' time only, not
            // also for the round trips between them, while the app's queries wait behind it.
            await AdoCommands.ExecuteAsync(
                connection, string.Join("\n", run.Select(step => Terminated(step.Sql)).Prepend(lockTimeout)), null, CancellationToken.None, transaction).ConfigureAwait(false);
        }
        else
        {
            await AdoCommands.ExecuteAsync(connection, lockTimeout, null, CancellationToken.None, transaction).ConfigureAwait(false);
            foreach (var step in run)
            {
                await AdoCommands.ExecuteAsync(connection, step.Sql, null, CancellationToken.None, transaction).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return 0;
    }

    private static string Terminated(string sql) => sql.TrimEnd() is var text && text.EndsWith(';') ? text : text + "\n;";

    private async Task RecordAsync(PendingMigration migration, string historySql, bool done)
    {
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await AdoCommands.ExecuteAsync(connection, historySql, null, CancellationToken.None, transaction).ConfigureAwait(false);
        if (done)
        {
            await state.WriteAsync(new RunnerStateRow(migration.Id, RunnerStateStore.MigrationStep, "done"), CancellationToken.None, transaction).ConfigureAwait(false);
        }

        if (recorded != null)
        {
            await recorded(migration, done, transaction).ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        if (!done)
        {
            await state.DeleteAsync(migration.Id, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Consecutive transactional steps run together in one transaction; every other step runs alone.</summary>
    private static IEnumerable<IReadOnlyList<PlanStep>> Runs(IReadOnlyList<PlanStep> steps)
    {
        var run = new List<PlanStep>();
        foreach (var step in steps)
        {
            if (step.Kind == "ddl")
            {
                run.Add(step);
                continue;
            }

            if (run.Count > 0)
            {
                yield return run;
                run = [];
            }

            yield return [step];
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }
}
