namespace EfSafeMigrations.Deployment.Configuration;

/// <summary>The built-in contract gate over the instance registry.</summary>
/// <param name="GateContract">Whether Contract waits for instances running code older than the group (on by default).</param>
/// <param name="HeartbeatTimeout">An instance silent for longer counts as gone (default 60 s; keep it above a few heartbeat intervals).</param>
public sealed record InstanceGateSettings(bool GateContract, TimeSpan HeartbeatTimeout)
{
    /// <summary>The defaults: the gate on, 60 s.</summary>
    public static InstanceGateSettings Default { get; } = new(true, TimeSpan.FromSeconds(60));
}
