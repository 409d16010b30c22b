namespace EfSafeMigrations.Deployment.Configuration;

/// <summary>
/// A hook from the configuration: what to run, before or after which phase, for every group or one.
/// Exactly one of <see cref="Command"/>, <see cref="Webhook"/> and <see cref="Flag"/> is set.
/// </summary>
/// <param name="Name">A name unique in the file, shown in output and recorded in the runner's state.</param>
/// <param name="Timing">Before or after the phase.</param>
/// <param name="Phase">The phase.</param>
/// <param name="Group">The group it is for; null for every group.</param>
/// <param name="Command">A process to run.</param>
/// <param name="Webhook">An HTTP POST to send.</param>
/// <param name="Flag">A deployment flag to set.</param>
public sealed record HookDefinition(
    string Name, HookTiming Timing, MigrationPhase Phase, string? Group, CommandSpec? Command, WebhookSpec? Webhook, FlagSpec? Flag)
{
    /// <summary>The event's name as the file writes it, for example <c>after-backfill</c>.</summary>
    public string On => PhaseEvent.NameOf(Timing, Phase);

    /// <summary>Whether the hook runs for a group.</summary>
    public bool AppliesTo(string group) => Group == null || Group == group;
}
