namespace EfSafeMigrations.Deployment.Configuration;

/// <summary>
/// A gate from the configuration, checked before a phase starts, for every group or one: a flag that
/// must be on, a command that must exit with 0, or an HTTP check that must answer 2xx. Exactly one of
/// <see cref="Flag"/>, <see cref="Command"/> and <see cref="Http"/> is set.
/// </summary>
/// <param name="Name">A name unique in the file.</param>
/// <param name="Phase">The phase it guards.</param>
/// <param name="Group">The group it is for; null for every group.</param>
/// <param name="Flag">A deployment flag that must be on (<c>{group}</c> is replaced by the group's name).</param>
/// <param name="Command">A process that must exit with 0.</param>
/// <param name="Http">A URL that must answer 2xx.</param>
public sealed record GateDefinition(string Name, MigrationPhase Phase, string? Group, string? Flag, CommandSpec? Command, HttpCheckSpec? Http)
{
    /// <summary>Whether the gate guards a group.</summary>
    public bool AppliesTo(string group) => Group == null || Group == group;
}
