using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace EfSafeMigrations.Running;

/// <summary>
/// Applies (or undoes) one migration: its transactional commands in transactions, the others alone,
/// each retried on lock timeout; its backfills batch by batch from their checkpoints; then records it
/// in EF Core's history and in the runner's state, in one transaction.
/// </summary>
internal sealed class MigrationApplier(DbContext context, MigrationScripts scripts, DatabaseDialect dialect, RunnerSettings settings, IRunnerEvents events, RunnerStateStore state)
{
    private readonly DatabaseDialect _dialect = dialect;
    private readonly IHistoryRepository _history = context.GetService<IHistoryRepository>();
    private readonly IRelationalConnection _connection = context.GetService<IRelationalConnection>();

    private RetryPolicy Retry => new(settings, _dialect.Runner.IsLockTimeout);

    public async Task ApplyAsync(PhaseMigration migration, IReadOnlyDictionary<(string, string), RunnerStateRow> known, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        events.Report(new StepEvent(migration.Id, migration.Phase, "started"));
        await state.WriteAsync(new RunnerStateRow(migration.Id, RunnerStateStore.MigrationStep, "running"), CancellationToken.None).ConfigureAwait(false);
        var backfills = 0;
        foreach (var run in Runs(scripts.Commands(migration)))
        {
            if (run is [BatchedBackfillCommand backfill])
            {
                await BackfillAsync(migration, backfill, $"backfill:{backfills++}", known, stop).ConfigureAwait(false);
            }
            else
            {
                await ExecuteAsync(migration.Id, run).ConfigureAwait(false);
            }
        }

        await RecordAsync(migration.Id, _history.GetInsertScript(new HistoryRow(migration.Id, ProductVersion)), done: true).ConfigureAwait(false);
        events.Report(new StepEvent(migration.Id, migration.Phase, "done", Seconds: clock.Elapsed.TotalSeconds));
    }

    public async Task UndoAsync(PhaseMigration migration, PhaseMigration? previous)
    {
        var clock = Stopwatch.StartNew();
        foreach (var run in Runs(scripts.Commands(migration, down: true, previous)))
        {
            if (run is [BatchedBackfillCommand backfill])
            {
                var connection = await OpenAsync().ConfigureAwait(false);
                await new KeysetBackfill(_dialect.Backfill).RunAsync(connection, backfill.Operation, Settings(backfill), CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await ExecuteAsync(migration.Id, run).ConfigureAwait(false);
            }
        }

        await RecordAsync(migration.Id, _history.GetDeleteScript(migration.Id), done: false).ConfigureAwait(false);
        events.Report(new StepEvent(migration.Id, migration.Phase, "rolled-back", Seconds: clock.Elapsed.TotalSeconds));
    }

    private async Task BackfillAsync(
        PhaseMigration migration, BatchedBackfillCommand backfill, string step, IReadOnlyDictionary<(string, string), RunnerStateRow> known, CancellationToken stop)
    {
        var operation = backfill.Operation;
        var target = $"{operation.Table}.{operation.Column}";
        known.TryGetValue((migration.Id, step), out var saved);
        if (saved?.Status == "done")
        {
            events.Report(new MessageEvent($"backfill of {target} was already finished", Verbose: true));
            return;
        }

        var resume = saved?.Checkpoint is { } json ? CheckpointCodec.Decode(json) : null;
        var connection = await OpenAsync().ConfigureAwait(false);
        var total = Convert.ToInt64(await AdoCommands.ScalarAsync(connection, _dialect.Runner.CountRows(operation.Table, operation.Schema), CancellationToken.None).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (resume != null)
        {
            events.Report(new MessageEvent($"resuming the backfill of {target} after {resume.RowsVisited} rows"));
        }

        var observer = new RunnerBackfillObserver(connection, _dialect.Runner, state, events, settings, migration.Id, step, target, total);
        var result = await Retry.RunAsync(
            () => new KeysetBackfill(_dialect.Backfill).RunAsync(connection, operation, Settings(backfill), stop, resume, observer),
            (attempt, delay, reason) => events.Report(new RetryEvent(migration.Id, attempt, delay.TotalSeconds, reason)),
            stop).ConfigureAwait(false);
        await state.WriteAsync(new RunnerStateRow(migration.Id, step, "done", result.RowsVisited), CancellationToken.None).ConfigureAwait(false);
        events.Report(new BackfillProgressEvent(migration.Id, target, result.RowsVisited, Math.Max(total, result.RowsVisited), 0, backfill.BatchSize, Finished: true));
        events.Report(new MessageEvent($"backfill of {target}: {result.RowsFilled} rows filled, {result.RowsVisited} visited ({result.Batches} batches in this run)"));
    }

    private BackfillSettings Settings(BatchedBackfillCommand backfill) => new(settings.BatchSize ?? backfill.BatchSize)
    {
        TargetBatchTime = settings.BatchSize == null ? settings.TargetBatchTime : null,
        MaxRowsPerSecond = settings.MaxRowsPerSecond,
        LockTimeoutStatement = _dialect.Runner.LockTimeoutInTransaction(settings.LockTimeout),
    };

    private async Task ExecuteAsync(string migrationId, IReadOnlyList<MigrationCommand> run)
        => await Retry.RunAsync(
            async () =>
            {
                await OpenAsync().ConfigureAwait(false);
                if (run is [{ TransactionSuppressed: true } single])
                {
                    return await single.ExecuteNonQueryAsync(_connection).ConfigureAwait(false);
                }

                await using var transaction = await context.Database.BeginTransactionAsync().ConfigureAwait(false);
                foreach (var command in run)
                {
                    await command.ExecuteNonQueryAsync(_connection).ConfigureAwait(false);
                }

                await transaction.CommitAsync().ConfigureAwait(false);
                return 0;
            },
            (attempt, delay, reason) => events.Report(new RetryEvent(migrationId, attempt, delay.TotalSeconds, reason)),
            CancellationToken.None).ConfigureAwait(false);

    private async Task RecordAsync(string migrationId, string historySql, bool done)
    {
        var connection = await OpenAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await AdoCommands.ExecuteAsync(connection, historySql, null, CancellationToken.None, transaction).ConfigureAwait(false);
        if (done)
        {
            await state.WriteAsync(new RunnerStateRow(migrationId, RunnerStateStore.MigrationStep, "done"), CancellationToken.None, transaction).ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        if (!done)
        {
            await state.DeleteAsync(migrationId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<DbConnection> OpenAsync()
    {
        await _connection.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        return _connection.DbConnection;
    }

    /// <summary>Consecutive transactional commands run together in one transaction; every other command runs alone.</summary>
    private static IEnumerable<IReadOnlyList<MigrationCommand>> Runs(IReadOnlyList<MigrationCommand> commands)
    {
        var run = new List<MigrationCommand>();
        foreach (var command in commands)
        {
            if (!command.TransactionSuppressed)
            {
                run.Add(command);
                continue;
            }

            if (run.Count > 0)
            {
                yield return run;
                run = [];
            }

            yield return [command];
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    private static string ProductVersion
        => typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "10.0.0";
}
