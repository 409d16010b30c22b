using EfSafeMigrations.Deployment.Configuration;

namespace EfSafeMigrations.Deployment;

/// <summary>
/// Checks every gate of a phase for every group about to run it: the configured ones (flag, command,
/// HTTP) and, before Contract, the built-in one over the instance registry.
/// </summary>
/// <param name="config">The hooks and gates.</param>
/// <param name="flags">The flags table.</param>
/// <param name="instances">The instance registry.</param>
/// <param name="contextName">The DbContext type's full name; null counts every instance as this app's.</param>
/// <param name="migrations">Every migration id of this app, to recognise its instances whose context is named differently.</param>
internal sealed class GateChecker(DeploymentConfig config, FlagStore flags, InstanceRegistry instances, string? contextName, IReadOnlySet<string> migrations)
{
    /// <summary>The name of the built-in contract gate.</summary>
    public const string OldInstancesGate = "old-instances";

    public async Task<IReadOnlyList<GateResult>> CheckAsync(IReadOnlyList<PhaseEvent> events, CancellationToken stop)
    {
        var results = new List<GateResult>();
        var flagValues = (await flags.ReadAsync(stop).ConfigureAwait(false)).ToDictionary(f => f.Name, f => f.Enabled, StringComparer.Ordinal);
        IReadOnlyList<InstanceRow>? registry = null;
        foreach (var phaseEvent in events)
        {
            foreach (var gate in config.Gates.Where(g => g.Phase == phaseEvent.Phase && g.AppliesTo(phaseEvent.Group)))
            {
                var (passed, detail) = await CheckAsync(gate, phaseEvent, flagValues, stop).ConfigureAwait(false);
                results.Add(new GateResult(gate.Name, phaseEvent.Group, passed, detail));
            }

            if (phaseEvent.Phase == MigrationPhase.Contract && config.Instances.GateContract)
            {
                registry ??= await instances.ReadAsync(stop).ConfigureAwait(false);
                results.Add(OldInstances(registry, phaseEvent));
            }
        }

        return results;
    }

    private static async Task<(bool, string)> CheckAsync(GateDefinition gate, PhaseEvent phaseEvent, Dictionary<string, bool> flagValues, CancellationToken stop)
    {
        if (gate.Flag is { } configured)
        {
            var name = HookRunner.FlagName(configured, phaseEvent.Group);
            return flagValues.TryGetValue(name, out var on) && on
                ? (true, $"flag {name} is on")
                : (false, $"flag {name} is {(flagValues.ContainsKey(name) ? "off" : "not set")}; set it with `dotnet safe-migrate flag {name}` when it should pass");
        }

        if (gate.Command is { } command)
        {
            var outcome = await CommandRunner.RunAsync(command, phaseEvent, stop).ConfigureAwait(false);
            return (outcome.Succeeded, outcome.Describe(command));
        }

        return await HttpCheck.CheckAsync(gate.Http!, phaseEvent, stop).ConfigureAwait(false);
    }

    private GateResult OldInstances(IReadOnlyList<InstanceRow> registry, PhaseEvent phaseEvent)
    {
        var live = registry.Where(i => i.SecondsSinceHeartbeat <= config.Instances.HeartbeatTimeout.TotalSeconds && i.BelongsTo(contextName, migrations)).ToList();
        var old = live.Where(i => i.PredatesMigration(phaseEvent.MigrationId)).ToList();
        if (old.Count == 0)
        {
            return new GateResult(OldInstancesGate, phaseEvent.Group, true,
                live.Count switch
                {
                    0 => "no app instance reports a heartbeat",
                    1 => $"the live instance runs code that knows {phaseEvent.Group}",
                    var count => $"all {count} live instances run code that knows {phaseEvent.Group}",
                });
        }

        return new GateResult(OldInstancesGate, phaseEvent.Group, false,
            $"{old.Count} live instance{(old.Count == 1 ? " runs" : "s run")} code older than {phaseEvent.Group}: "
            + string.Join(", ", old.Select(i => $"{i.App} on {i.Host} (pid {i.ProcessId}, newest migration {i.NewestMigration ?? "none"}, last heartbeat {i.SecondsSinceHeartbeat:0} s ago)")));
    }
}
