using System.Data.Common;
using EfSafeMigrations.Deployment;
using EfSafeMigrations.Deployment.Configuration;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Sql;

namespace EfSafeMigrations.Planning;

/// <summary>
/// Applies one phase of a published plan to a database, with no app and no SDK: the same ordering
/// rules, lock, retries, checkpointed backfills and history as the runner inside the app. A database
/// holding migrations the plan does not know (another project's plan, or an older one) is refused.
/// </summary>
/// <param name="connection">A connection to the database (not yet open).</param>
/// <param name="plan">The plan, read and checked by <see cref="PlanReader"/>.</param>
/// <param name="settings">How phases are applied.</param>
/// <param name="events">Where progress goes.</param>
/// <param name="config">The hooks and gates; null for none (the built-in contract gate stays on).</param>
public sealed class PlanDeployer(DbConnection connection, PhasePlan plan, RunnerSettings settings, IRunnerEvents events, DeploymentConfig? config = null)
{
    /// <summary>Applies the phase (to the groups up to <paramref name="target"/>); returns the exit code, also reported as the last event.</summary>
    public Task<int> PhaseAsync(MigrationPhase phase, string? target, bool dryRun, CancellationToken stop)
        => ReportAsync(() => ApplyAsync(phase, target, dryRun, stop));

    /// <summary>
    /// Undoes the Backfill and Expand of the groups in flight (with <paramref name="target"/>: of every group after it) from the
    /// plan's rollback scripts, as the runner in the app does; a group whose phases have all run is refused (exit code 3) with
    /// nothing changed. Returns the exit code, also reported as the last event.
    /// </summary>
    public Task<int> RollbackAsync(string? target, bool dryRun, CancellationToken stop)
        => ReportAsync(() => UndoAsync(target, dryRun, stop));

    /// <summary>
    /// The phase status of every group of the plan in the database, its flags, gates and app instances; with
    /// <paramref name="require"/>, exit code 3 until every group has reached that phase.
    /// </summary>
    public Task<int> StatusAsync(MigrationPhase? require, CancellationToken stop)
        => ReportAsync(async () =>
        {
            var dialect = DatabaseDialects.ForProvider(plan.Provider);
            await SupportedServer.OpenAsync(connection, dialect, stop).ConfigureAwait(false);
            var applied = await AppliedAsync(dialect).ConfigureAwait(false);
            var state = await new RunnerStateStore(connection, dialect.Runner).ReadAsync(stop).ConfigureAwait(false);
            var groups = plan.Groups.Select(g => new GroupProgress(g.Name, g.Phases.Select(p => (p.Phase, p.MigrationId, applied.Contains(p.MigrationId))).ToList())).ToList();
            return await new DeploymentStatus(connection, dialect, config ?? DeploymentConfig.Default, plan.Context, KnownMigrations, events)
                .ReportAsync(groups, state, require, stop).ConfigureAwait(false);
        });

    /// <summary>Sets a deployment flag on or off, or lists the flags when <paramref name="name"/> is null.</summary>
    public Task<int> FlagAsync(string? name, bool enabled, CancellationToken stop)
        => ReportAsync(async () =>
        {
            var dialect = DatabaseDialects.ForProvider(plan.Provider);
            await SupportedServer.OpenAsync(connection, dialect, stop).ConfigureAwait(false);
            return await FlagCommand.RunAsync(connection, dialect, name, enabled, events).ConfigureAwait(false);
        });

    private HashSet<string> KnownMigrations => plan.Groups.SelectMany(g => g.Phases).Select(p => p.MigrationId).ToHashSet(StringComparer.Ordinal);

    private async Task<int> ReportAsync(Func<Task<(int, string)>> run)
    {
        int exitCode;
        string message;
        try
        {
            (exitCode, message) = await run().ConfigureAwait(false);
        }
        catch (RunnerRefusal refusal)
        {
            (exitCode, message) = (refusal.ExitCode, refusal.Message);
        }

        events.Report(new ResultEvent(exitCode, message));
        return exitCode;
    }

    private async Task<(int, string)> ApplyAsync(MigrationPhase phase, string? target, bool dryRun, CancellationToken stop)
    {
        var dialect = DatabaseDialects.ForProvider(plan.Provider);
        await SupportedServer.OpenAsync(connection, dialect, stop).ConfigureAwait(false);
        await AdoCommands.ScalarAsync(connection, dialect.Runner.NameSession, stop, null, ("name", DatabaseLock.HolderName)).ConfigureAwait(false);
        var applied = await AppliedAsync(dialect).ConfigureAwait(false);
        RefuseForeign(applied);
        var known = KnownMigrations;

        var last = target == null ? null : Resolve(target);
        var groups = plan.Groups.Select(g => new PhaseOrder.Group(
            g.Name, g.Phases.Select(p => (p.Phase, applied.Contains(p.MigrationId), (Func<IReadOnlySet<string>>)(() => p.Tables.ToHashSet()))).ToList())).ToList();
        var pendingGroups = plan.Groups
            .Where(g => g.Phases.Any(p => p.Phase == phase && !applied.Contains(p.MigrationId))
                && (last == null || string.CompareOrdinal(g.Phases[0].MigrationId, last) <= 0))
            .ToList();
        PhaseOrder.Check(phase, groups, groups.Where(g => pendingGroups.Any(p => p.Name == g.Name)).ToList());
        var pending = pendingGroups.Select(g => g.Phases.First(p => p.Phase == phase)).ToList();
        PhaseOrder.CheckBackfills(pending.SelectMany(p => p.Steps.Where(s => s.Backfill != null)
            .Select(s => (p.MigrationId, s.Backfill!.Table, s.Backfill.Column, s.Backfill.ValueSql, s.Backfill.KeyColumns.Count))));
        var store = new RunnerStateStore(connection, dialect.Runner);
        var before = await store.ReadAsync(CancellationToken.None).ConfigureAwait(false);
        var applyNow = pendingGroups.Select(g => ToPending(g, phase)).ToList();
        var appliedBefore = plan.Groups.Where(g => g.Phases.Any(p => p.Phase == phase && applied.Contains(p.MigrationId))).Select(g => ToPending(g, phase)).ToList();
        if (pending.Count == 0 && !appliedBefore.Any(m => before.TryGetValue((m.Id, PhaseDeployment.AfterHooksStep), out var row) && row.Status != "done"))
        {
            var done = appliedBefore.Select(m => (m.Group, m.Id)).ToList();
            return (ExitCodes.Done, await AlreadyApplied.DescribeAsync(connection, dialect, phase, done, stop).ConfigureAwait(false));
        }

        await SchemaDrift.CheckPlanAsync(
            connection,
            dialect.Runner,
            phase,
            pendingGroups.Select(g => (g.Name, (IReadOnlyList<(PlanPhase, bool)>)g.Phases.Select(p => (p, applied.Contains(p.MigrationId))).ToList())).ToList(),
            plan.Groups.SelectMany(g => g.Phases).Where(p => applied.Contains(p.MigrationId)).ToList(),
            stop).ConfigureAwait(false);
        var deployment = new PhaseDeployment(connection, dialect, settings, events, store, config ?? DeploymentConfig.Default, plan.Context, known);
        if (dryRun)
        {
            foreach (var migration in pending)
            {
                events.Report(new SqlEvent(migration.MigrationId, PlanScript.Render(migration.MigrationId, migration.Phase, migration.Steps, migration.HistoryInsert)));
            }

            var closed = await deployment.ReportGatesAsync(phase, applyNow, stop).ConfigureAwait(false);
            return (ExitCodes.Done, $"Dry run: {pending.Count} {phase} migrations would be applied{(closed > 0 ? $" once {closed} closed gates open" : string.Empty)}; nothing was changed.");
        }

        // The gates and the hooks' variables are checked before the first statement that writes.
        await using var held = await DatabaseLock.AcquireAsync(connection, dialect.Runner, settings.WaitForLock, events).ConfigureAwait(false);

        // Another runner may have applied some of them between the read above and the lock.
        var appliedMeanwhile = await AppliedAsync(dialect).ConfigureAwait(false);
        if (applyNow.RemoveAll(m => appliedMeanwhile.Contains(m.Id)) > 0)
        {
            pending = pending.Where(p => !appliedMeanwhile.Contains(p.MigrationId)).ToList();
            appliedBefore = plan.Groups.Where(g => g.Phases.Any(p => p.Phase == phase && appliedMeanwhile.Contains(p.MigrationId))).Select(g => ToPending(g, phase)).ToList();
            if (applyNow.Count == 0)
            {
                return (ExitCodes.Done, await AlreadyApplied.DescribeAsync(connection, dialect, phase, appliedBefore.Select(m => (m.Group, m.Id)).ToList(), stop).ConfigureAwait(false));
            }
        }

        if (await deployment.CheckAsync(phase, applyNow, appliedBefore, before, stop).ConfigureAwait(false) is { } waitStopped)
        {
            return waitStopped;
        }

        await AdoCommands.ExecuteAsync(connection, plan.HistoryCreate, null, CancellationToken.None).ConfigureAwait(false);
        await store.EnsureCreatedAsync(CancellationToken.None).ConfigureAwait(false);
        deployment.Executor.Recovery.Lock = held;
        await deployment.PrepareAsync().ConfigureAwait(false);
        var state = await store.ReadAsync(CancellationToken.None).ConfigureAwait(false);
        if (await deployment.RunAsync(phase, applyNow, appliedBefore, state, held, stop).ConfigureAwait(false) is { } stopped)
        {
            return stopped;
        }

        return (ExitCodes.Done, $"{phase} applied from the plan: {string.Join(", ", pending.Select(p => p.MigrationId))}.");
    }

    private async Task<(int, string)> UndoAsync(string? target, bool dryRun, CancellationToken stop)
    {
        var dialect = DatabaseDialects.ForProvider(plan.Provider);
        await SupportedServer.OpenAsync(connection, dialect, stop).ConfigureAwait(false);
        await AdoCommands.ScalarAsync(connection, dialect.Runner.NameSession, stop, null, ("name", DatabaseLock.HolderName)).ConfigureAwait(false);
        var applied = await AppliedAsync(dialect).ConfigureAwait(false);
        RefuseForeign(applied);
        var targetId = target == null ? null : Resolve(target);

        // Without --to: the groups in flight (a phase applied, a later one pending). With --to: every group after the
        // target, and each must still be in flight.
        var undo = plan.Groups
            .Where(g => g.Phases.Any(p => applied.Contains(p.MigrationId)) && (targetId == null
                ? g.Phases.Any(p => !applied.Contains(p.MigrationId))
                : g.Phases.Any(p => applied.Contains(p.MigrationId) && string.CompareOrdinal(p.MigrationId, targetId) > 0)))
            .Reverse()
            .ToList();
        var finished = undo.Where(g => g.Phases.All(p => applied.Contains(p.MigrationId))).ToList();
        if (finished.Count > 0)
        {
            throw new RunnerRefusal(ExitCodes.Refused,
                $"Cannot roll back {string.Join(", ", finished.Select(g => g.Name))}: all its phases have run (its Contract, if it has one, removed what the old version needs); nothing was changed. Write a new migration instead.");
        }

        if (undo.Count == 0)
        {
            return (ExitCodes.Done, "Nothing to roll back.");
        }

        var steps = undo.SelectMany(g => g.Phases.Where(p => applied.Contains(p.MigrationId)).Reverse().Select(p => (Group: g.Name, Phase: p))).ToList();
        if (steps.FirstOrDefault(s => s.Phase.Rollback == null) is { Phase: not null } missing)
        {
            throw new RunnerRefusal(ExitCodes.Refused,
                $"The plan holds no rollback script for {missing.Phase.MigrationId}: it was written by EfSafeMigrations {plan.ToolVersion}, before plans carried them; nothing was changed. "
                + "Write the plan again with this version (`dotnet safe-migrate plan --output <folder>`, or dotnet publish with EfSafeMigrations.Build) and roll back with it.");
        }

        if (dryRun)
        {
            foreach (var (_, phase) in steps)
            {
                events.Report(new SqlEvent(phase.MigrationId, PlanScript.RenderRollback(phase.MigrationId, phase.Phase, phase.Rollback!)));
            }

            return (ExitCodes.Done, $"Dry run: {steps.Count} migrations would be rolled back; nothing was changed.");
        }

        await using var held = await DatabaseLock.AcquireAsync(connection, dialect.Runner, settings.WaitForLock, events).ConfigureAwait(false);
        var store = new RunnerStateStore(connection, dialect.Runner);
        await store.EnsureCreatedAsync(CancellationToken.None).ConfigureAwait(false);
        var deployment = new PhaseDeployment(connection, dialect, settings, events, store, config ?? DeploymentConfig.Default, plan.Context, KnownMigrations);
        deployment.Executor.Recovery.Lock = held;
        await deployment.PrepareAsync().ConfigureAwait(false);
        foreach (var (group, phase) in steps)
        {
            await deployment.Executor.UndoAsync(
                new PendingMigration(phase.MigrationId, group, phase.Phase, () => phase.Rollback!.Steps, phase.Rollback!.HistoryDelete)).ConfigureAwait(false);
        }

        return (ExitCodes.Done, $"Rolled back {string.Join(", ", undo.Select(g => g.Name))} from the plan.");
    }

    private void RefuseForeign(HashSet<string> applied)
    {
        var known = KnownMigrations;
        var foreign = applied.Where(id => !known.Contains(id)).Order(StringComparer.Ordinal).ToList();
        if (foreign.Count > 0)
        {
            throw new RunnerRefusal(ExitCodes.Refused,
                $"The database has migrations this plan of {plan.Project} does not hold ({string.Join(", ", foreign)}); nothing was changed. "
                + "It is another project's plan, or older than the database: publish the plan again from the current source.");
        }
    }

    private static PendingMigration ToPending(PlanGroup group, MigrationPhase phase)
    {
        var migration = group.Phases.First(p => p.Phase == phase);
        return new PendingMigration(migration.MigrationId, group.Name, migration.Phase, () => migration.Steps, migration.HistoryInsert);
    }

    private async Task<HashSet<string>> AppliedAsync(DatabaseDialect dialect)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (!AdoCommands.IsTrue(await AdoCommands.ScalarAsync(connection, dialect.Runner.HistoryExists, CancellationToken.None).ConfigureAwait(false)))
        {
            return ids;
        }

        await using var command = AdoCommands.Create(connection, dialect.Runner.AppliedMigrations, null);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private string Resolve(string target)
        => plan.Groups.SelectMany(g => g.Phases).FirstOrDefault(p => p.MigrationId == target || p.MigrationId.EndsWith("_" + target, StringComparison.Ordinal))?.MigrationId
            ?? plan.Groups.LastOrDefault(g => g.Name == target)?.Phases[^1].MigrationId
            ?? throw new RunnerRefusal(ExitCodes.Usage, $"The plan holds no migration '{target}'; nothing was changed.");
}
