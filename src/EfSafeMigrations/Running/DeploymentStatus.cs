using System.Data.Common;
using EfSafeMigrations.Deployment;
using EfSafeMigrations.Deployment.Configuration;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Running;

/// <summary>
/// <c>status</c>, for the app's migrations and a published plan alike: every group's phases, every deployment flag,
/// the gates of each group's next phase as they stand, this app's instances with the Contracts each blocks, and with
/// <c>--require</c> whether every group has reached a phase.
/// </summary>
/// <param name="connection">An open connection.</param>
/// <param name="dialect">The database's dialect.</param>
/// <param name="config">The hooks and gates.</param>
/// <param name="contextName">The DbContext type's full name.</param>
/// <param name="migrations">Every migration id of the app, to recognise its instances.</param>
/// <param name="events">Where the report goes.</param>
internal sealed class DeploymentStatus(
    DbConnection connection, DatabaseDialect dialect, DeploymentConfig config, string? contextName, IReadOnlySet<string> migrations, IRunnerEvents events)
{
    public async Task<(int ExitCode, string Message)> ReportAsync(
        IReadOnlyList<GroupProgress> groups, IReadOnlyDictionary<(string, string), RunnerStateRow> state, MigrationPhase? require, CancellationToken stop)
    {
        foreach (var group in groups)
        {
            events.Report(new GroupStatusEvent(
                group.Name,
                group.Phases.Select(p => new PhaseStatus(p.Phase, p.MigrationId, p.Applied, state.TryGetValue((p.MigrationId, RunnerStateStore.MigrationStep), out var row) ? row.Status : null)).ToList()));
        }

        var flags = new FlagStore(connection, dialect.Deployment);
        foreach (var flag in await flags.ReadAsync(stop).ConfigureAwait(false))
        {
            events.Report(new FlagStatusEvent(flag.Name, flag.Enabled, flag.SetBy, flag.UpdatedAt));
        }

        var registry = new InstanceRegistry(connection, dialect.Deployment);
        foreach (var instance in (await registry.ReadAsync(stop).ConfigureAwait(false)).Where(i => i.BelongsTo(contextName, migrations)))
        {
            var live = IsLive(instance, config.Instances);
            events.Report(new InstanceStatusEvent(
                instance.Id, instance.Host, instance.ProcessId, instance.App, instance.NewestMigration, instance.StartedAt, instance.SecondsSinceHeartbeat, live,
                Blocks(instance, live, groups, config.Instances)));
        }

        var next = groups.Select(g => (g.Name, g.Next)).Where(g => g.Next != null)
            .Select(g => new PhaseEvent(HookTiming.Before, g.Next!.Value.Phase, g.Name, g.Next.Value.MigrationId, connection.Database)).ToList();
        foreach (var gate in await new GateChecker(config, flags, registry, contextName, migrations).CheckAsync(next, stop).ConfigureAwait(false))
        {
            var phase = next.First(e => e.Group == gate.Group).Phase;
            events.Report(new GateEvent(gate.Gate, phase, gate.Group, gate.Passed, config.Scrub(gate.Detail)));
        }

        if (require is { } required)
        {
            return RequiredPhase.Check(groups, required);
        }

        var pending = groups.SelectMany(g => g.Phases).Where(p => !p.Applied).ToList();
        return (ExitCodes.Done, pending.Count == 0
            ? $"{groups.Count} groups, all applied."
            : $"{groups.Count} groups; pending: {string.Join(", ", PhaseNaming.All.Select(p => $"{pending.Count(m => m.Phase == p)} {p}"))}.");
    }

    /// <summary>Whether the instance's last heartbeat is within the heartbeat timeout.</summary>
    public static bool IsLive(InstanceRow instance, InstanceGateSettings settings)
        => instance.SecondsSinceHeartbeat <= settings.HeartbeatTimeout.TotalSeconds;

    /// <summary>
    /// The groups whose pending Contract a live instance blocks: it runs code older than that Contract. A stale instance
    /// blocks nothing, and nothing is blocked while the contract gate is off.
    /// </summary>
    public static IReadOnlyList<string> Blocks(InstanceRow instance, bool live, IReadOnlyList<GroupProgress> groups, InstanceGateSettings settings)
        => live && settings.GateContract
            ? groups.Where(g => g.Pending(MigrationPhase.Contract) is { } contract && instance.PredatesMigration(contract)).Select(g => g.Name).ToList()
            : [];
}
