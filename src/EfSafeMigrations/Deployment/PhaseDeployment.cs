using System.Data.Common;
using System.Diagnostics;
using EfSafeMigrations.Deployment.Configuration;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Deployment;

/// <summary>
/// One phase run with its gates and hooks, for the runner in the app and the plan deployer alike: the
/// gates are checked before anything changes (waiting for them when asked); then per group, its
/// before-hooks, its phase migration (the phase's flag set in the same transaction as the history
/// row), its after-hooks. A failing hook stops the run before the next step; every hook's outcome is
/// recorded, so a re-run skips what is done and never applies a migration twice.
/// </summary>
internal sealed class PhaseDeployment
{
    /// <summary>The state step that says a migration's after-hooks are owed (written with its history row) or done.</summary>
    public const string AfterHooksStep = "hooks:after";

    private const int SilentTimeouts = 10;

    private static readonly TimeSpan GateRecheck = TimeSpan.FromSeconds(2);

    private readonly DbConnection _connection;
    private readonly RunnerSettings _settings;
    private readonly IRunnerEvents _events;
    private readonly RunnerStateStore _state;
    private readonly DeploymentConfig _config;
    private readonly FlagStore _flags;
    private readonly InstanceRegistry _instances;
    private readonly GateChecker _gates;
    private readonly HookRunner _hooks;

    public PhaseDeployment(
        DbConnection connection, DatabaseDialect dialect, RunnerSettings settings, IRunnerEvents events, RunnerStateStore state, DeploymentConfig config,
        string? contextName, IReadOnlySet<string> migrations)
    {
        (_connection, _settings, _events, _state, _config) = (connection, settings, events, state, config);
        _flags = new FlagStore(connection, dialect.Deployment);
        _instances = new InstanceRegistry(connection, dialect.Deployment);
        _gates = new GateChecker(config, _flags, _instances, contextName, migrations);
        _hooks = new HookRunner(_flags);
        Executor = new StepExecutor(connection, dialect, settings, events, state, RecordedAsync);
    }

    /// <summary>Applies and undoes migrations, keeping the phase flags in step with EF Core's history.</summary>
    public StepExecutor Executor { get; }

    /// <summary>
    /// Creates the flags table and the instance registry (so an app whose role may not create tables can
    /// still heartbeat) and forgets app instances silent for ten heartbeat timeouts (a killed process never
    /// removes its row); the runner calls it once it holds the database lock.
    /// </summary>
    public async Task PrepareAsync()
    {
        await _flags.EnsureCreatedAsync(CancellationToken.None).ConfigureAwait(false);
        await _instances.EnsureCreatedAsync(CancellationToken.None).ConfigureAwait(false);
        await _instances.RemoveSilentAsync(_config.Instances.HeartbeatTimeout * SilentTimeouts, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks what must hold before the phase changes anything: the environment variables its hooks and gates use are
    /// set, the replicas named for a Backfill answer as replicas, and its gates are open (waiting for them when asked). Null when the phase may go ahead; else the exit code
    /// and message of a run stopped while waiting. A refusal throws <see cref="RunnerRefusal"/>. Writes nothing.
    /// </summary>
    public async Task<(int ExitCode, string Message)?> CheckAsync(
        MigrationPhase phase,
        IReadOnlyList<PendingMigration> pending,
        IReadOnlyList<PendingMigration> applied,
        IReadOnlyDictionary<(string, string), RunnerStateRow> known,
        CancellationToken stop)
    {
        CheckVariables(phase, pending.Concat(Owing(applied, known)).Select(m => m.Group).Distinct().ToList());
        if (phase == MigrationPhase.Backfill && pending.Count > 0 && Executor.Replicas is { } replicas)
        {
            await replicas.CheckAsync(stop).ConfigureAwait(false);
        }

        try
        {
            await CheckGatesAsync(phase, pending, stop).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return (ExitCodes.Failed, $"Stopped while waiting for a gate of the {phase}; nothing was changed. Run the same command again to go on.");
        }
    }

    /// <summary>
    /// Runs the phase for <paramref name="pending"/> (in order) and first finishes the after-hooks an
    /// earlier run of the phase left owed for <paramref name="applied"/>; null when all went through,
    /// else the exit code and message of what stopped it. <see cref="CheckAsync"/> comes first.
    /// </summary>
    public async Task<(int ExitCode, string Message)?> RunAsync(
        MigrationPhase phase,
        IReadOnlyList<PendingMigration> pending,
        IReadOnlyList<PendingMigration> applied,
        IReadOnlyDictionary<(string, string), RunnerStateRow> known,
        DatabaseLock held,
        CancellationToken stop)
    {
        try
        {
            return await RunCheckedAsync(pending, Owing(applied, known), known, held, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return (ExitCodes.Failed, $"Stopped while a hook of the {phase} ran; what was applied stays applied and recorded. Run the same command again to go on.");
        }
    }

    private static List<PendingMigration> Owing(IReadOnlyList<PendingMigration> applied, IReadOnlyDictionary<(string, string), RunnerStateRow> known)
        => applied.Where(m => known.TryGetValue((m.Id, AfterHooksStep), out var row) && row.Status != "done").ToList();

    private async Task<(int ExitCode, string Message)?> RunCheckedAsync(
        IReadOnlyList<PendingMigration> pending,
        IReadOnlyList<PendingMigration> owing,
        IReadOnlyDictionary<(string, string), RunnerStateRow> known,
        DatabaseLock held,
        CancellationToken stop)
    {
        foreach (var owed in owing)
        {
            if (await HooksAsync(HookTiming.After, owed, known, stop).ConfigureAwait(false) is { } failed)
            {
                return failed;
            }
        }

        foreach (var migration in pending)
        {
            if (await HooksAsync(HookTiming.Before, migration, known, stop).ConfigureAwait(false) is { } before)
            {
                return before;
            }

            if (await Executor.ApplyEachAsync([migration], known, stop, held).ConfigureAwait(false) is { } stopped)
            {
                return stopped;
            }

            if (await HooksAsync(HookTiming.After, migration, known, stop).ConfigureAwait(false) is { } after)
            {
                return after;
            }
        }

        return null;
    }

    /// <summary>Checks the gates and reports them without refusing or waiting (a dry run).</summary>
    public async Task<int> ReportGatesAsync(MigrationPhase phase, IReadOnlyList<PendingMigration> pending, CancellationToken stop)
    {
        var results = await _gates.CheckAsync(Events(HookTiming.Before, pending), stop).ConfigureAwait(false);
        Report(phase, results);
        return results.Count(r => !r.Passed);
    }

    private async Task CheckGatesAsync(MigrationPhase phase, IReadOnlyList<PendingMigration> pending, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        var events = Events(HookTiming.Before, pending);
        var results = await _gates.CheckAsync(events, stop).ConfigureAwait(false);
        Report(phase, results);
        while (results.Any(r => !r.Passed) && clock.Elapsed < _settings.WaitForGates)
        {
            _events.Report(new WaitEvent("closed gates: " + Closed(results), clock.Elapsed.TotalSeconds));
            await Task.Delay(GateRecheck, stop).ConfigureAwait(false);
            var next = await _gates.CheckAsync(events, stop).ConfigureAwait(false);
            Report(phase, next.Where(r => !results.Any(before => before.Gate == r.Gate && before.Group == r.Group && before.Passed == r.Passed)).ToList());
            results = next;
        }

        if (results.Any(r => !r.Passed))
        {
            var waited = _settings.WaitForGates > TimeSpan.Zero ? $" after waiting {Durations.Format(_settings.WaitForGates)}" : string.Empty;
            throw new RunnerRefusal(ExitCodes.Refused,
                $"{phase} refused{waited}, nothing changed: {Closed(results)}. "
                + (results.Any(r => !r.Passed && r.Gate == GateChecker.OldInstancesGate)
                    ? "Finish the rollout of the new version (stop the old instances) first, or pass --wait 10m to wait for them."
                    : "Open the gate, or pass --wait 10m to wait for it."));
        }
    }

    private string Closed(IReadOnlyList<GateResult> results)
        => _config.Scrub(string.Join("; ", results.Where(r => !r.Passed).Select(r => $"gate {r.Gate} of {r.Group} is closed: {r.Detail}")));

    private void Report(MigrationPhase phase, IReadOnlyList<GateResult> results)
    {
        foreach (var result in results)
        {
            _events.Report(new GateEvent(result.Gate, phase, result.Group, result.Passed, _config.Scrub(result.Detail)));
        }
    }

    private async Task<(int, string)?> HooksAsync(HookTiming timing, PendingMigration migration, IReadOnlyDictionary<(string, string), RunnerStateRow> known, CancellationToken stop)
    {
        var phaseEvent = new PhaseEvent(timing, migration.Phase, migration.Group, migration.Id, _connection.Database);
        var hooks = _config.Hooks.Where(h => h.Timing == timing && h.Phase == migration.Phase && h.AppliesTo(migration.Group)).ToList();
        foreach (var hook in hooks)
        {
            var step = "hook:" + hook.Name;
            if (known.TryGetValue((migration.Id, step), out var row) && row.Status == "done")
            {
                _events.Report(new HookEvent(hook.Name, hook.On, migration.Group, migration.Id, "skipped", "done in an earlier run"));
                continue;
            }

            var clock = Stopwatch.StartNew();
            try
            {
                var detail = _config.Scrub(await _hooks.RunAsync(hook, phaseEvent, stop).ConfigureAwait(false));
                await _state.WriteAsync(new RunnerStateRow(migration.Id, step, "done"), CancellationToken.None).ConfigureAwait(false);
                _events.Report(new HookEvent(hook.Name, hook.On, migration.Group, migration.Id, "done", detail, clock.Elapsed.TotalSeconds));
            }
            catch (DeploymentActionFailure failure)
            {
                var reason = _config.Scrub(failure.Message);
                await _state.WriteAsync(new RunnerStateRow(migration.Id, step, "failed", Error: reason), CancellationToken.None).ConfigureAwait(false);
                _events.Report(new HookEvent(hook.Name, hook.On, migration.Group, migration.Id, "failed", reason, clock.Elapsed.TotalSeconds));
                return (ExitCodes.Failed, timing == HookTiming.Before
                    ? $"Hook {hook.Name} ({hook.On} of {migration.Group}) failed: {reason}. {migration.Id} was not applied. Fix the cause and run the same command again."
                    : $"{migration.Id} was applied, but hook {hook.Name} ({hook.On} of {migration.Group}) failed: {reason}. Fix the cause and run the same command again: the hook runs again, the migration is not applied again.");
            }
        }

        if (timing == HookTiming.After && hooks.Count > 0)
        {
            await _state.WriteAsync(new RunnerStateRow(migration.Id, AfterHooksStep, "done"), CancellationToken.None).ConfigureAwait(false);
        }

        return null;
    }

    private async Task RecordedAsync(PendingMigration migration, bool applied, DbTransaction transaction)
    {
        var by = $"{(applied ? "phase" : "rollback")} {migration.Id}";
        await _flags.WriteAsync(PhaseFlags.For(migration.Group, migration.Phase), applied, by, CancellationToken.None, transaction).ConfigureAwait(false);
        if (applied && _config.Hooks.Any(h => h.Timing == HookTiming.After && h.Phase == migration.Phase && h.AppliesTo(migration.Group)))
        {
            await _state.WriteAsync(new RunnerStateRow(migration.Id, AfterHooksStep, "pending"), CancellationToken.None, transaction).ConfigureAwait(false);
        }
    }

    private void CheckVariables(MigrationPhase phase, IReadOnlyList<string> groups)
    {
        var used = _config.Hooks.Where(h => h.Phase == phase && groups.Any(h.AppliesTo)).Select(h => h.Name)
            .Concat(_config.Gates.Where(g => g.Phase == phase && groups.Any(g.AppliesTo)).Select(g => g.Name));
        var missing = used.Where(_config.MissingVariables.ContainsKey).Select(n => $"{n} uses {string.Join(", ", _config.MissingVariables[n].Select(v => "${" + v + "}"))}").ToList();
        if (missing.Count > 0)
        {
            throw new RunnerRefusal(ExitCodes.Usage,
                $"{Path.GetFileName(_config.Source)}: {string.Join("; ", missing)}, not set in the environment; nothing was changed. Set the variables for this step of the pipeline.");
        }
    }

    private List<PhaseEvent> Events(HookTiming timing, IReadOnlyList<PendingMigration> migrations)
        => migrations.Select(m => new PhaseEvent(timing, m.Phase, m.Group, m.Id, _connection.Database)).ToList();
}
