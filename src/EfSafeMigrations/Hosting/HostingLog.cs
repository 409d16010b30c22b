using Microsoft.Extensions.Logging;

namespace EfSafeMigrations.Hosting;

/// <summary>The log messages of the app-side pieces (heartbeat, health check, deployment flags).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(1, LogLevel.Warning,
        "Could not create the instance registry for {Context}: {Error}. The heartbeat keeps trying to write its row; create the table with a role that may (the runner does, on its first phase), or grant this role CREATE.")]
    public static partial void RegistryNotCreated(ILogger logger, string context, string error);

    [LoggerMessage(2, LogLevel.Warning, "The heartbeat of instance {InstanceId} ({Context}) failed; it retries every {Interval}: {Error}")]
    public static partial void HeartbeatFailed(ILogger logger, string instanceId, string context, TimeSpan interval, string error);

    [LoggerMessage(3, LogLevel.Debug, "The heartbeat of instance {InstanceId} ({Context}) failed again: {Error}")]
    public static partial void HeartbeatFailedAgain(ILogger logger, string instanceId, string context, string error);

    [LoggerMessage(4, LogLevel.Information, "The heartbeat of instance {InstanceId} ({Context}) reaches the database again.")]
    public static partial void HeartbeatRecovered(ILogger logger, string instanceId, string context);

    [LoggerMessage(5, LogLevel.Warning, "Instance {InstanceId} ({Context}) could not remove its row from the instance registry; it ages out as silent: {Error}")]
    public static partial void RemoveFailed(ILogger logger, string instanceId, string context, string error);

    [LoggerMessage(6, LogLevel.Error, "The heartbeat of {Context} could not start; the app runs on without it: {Error}")]
    public static partial void HeartbeatNotStarted(ILogger logger, string context, string error);

    [LoggerMessage(7, LogLevel.Warning, "Could not read the deployment flags of {Context}; serving the last values read{Since}: {Error}")]
    public static partial void FlagsNotRead(ILogger logger, string context, string since, string error);
}
