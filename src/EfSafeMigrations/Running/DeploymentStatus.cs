using System.Data.Common;
using EfSafeMigrations.Deployment;
using EfSafeMigrations.Deployment.Configuration;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Running;

/// <summary>What <c>status</c> shows beside the groups: every deployment flag, and the app instances of this context with the Contracts each blocks.</summary>
internal static class DeploymentStatus
{
    /// <summary>Reports a <see cref="FlagStatusEvent"/> per flag and an <see cref="InstanceStatusEvent"/> per instance of <paramref name="contextType"/>.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The dialect's deployment SQL.</param>
    /// <param name="settings">The built-in contract gate's settings.</param>
    /// <param name="contextType">The full name of the context whose instances are shown; other contexts' instances are left out.</param>
    /// <param name="groups">The groups, to tell which pending Contracts an instance blocks.</param>
    /// <param name="events">Where the events go.</param>
    public static async Task ReportAsync(
        DbConnection connection, IDeploymentSql sql, InstanceGateSettings settings, string contextType, IReadOnlyList<MigrationGroup> groups, IRunnerEvents events)
    {
        foreach (var flag in await new FlagStore(connection, sql).ReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            events.Report(new FlagStatusEvent(flag.Name, flag.Enabled, flag.SetBy, flag.UpdatedAt));
        }

        var instances = await new InstanceRegistry(connection, sql).ReadAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var instance in instances.Where(i => string.Equals(i.Context, contextType, StringComparison.Ordinal)))
        {
            var live = IsLive(instance, settings);
            events.Report(new InstanceStatusEvent(
                instance.Id, instance.Host, instance.ProcessId, instance.App, instance.NewestMigration, instance.StartedAt, instance.SecondsSinceHeartbeat, live,
                Blocks(instance, live, groups, settings)));
        }
    }

    /// <summary>Whether the instance's last heartbeat is within the heartbeat timeout.</summary>
    public static bool IsLive(InstanceRow instance, InstanceGateSettings settings)
        => instance.SecondsSinceHeartbeat <= settings.HeartbeatTimeout.TotalSeconds;

    /// <summary>
    /// The groups whose pending Contract a live instance blocks: it runs code older than that Contract. A stale instance
    /// blocks nothing, and nothing is blocked while the contract gate is off.
    /// </summary>
    public static IReadOnlyList<string> Blocks(InstanceRow instance, bool live, IReadOnlyList<MigrationGroup> groups, InstanceGateSettings settings)
        => live && settings.GateContract
            ? groups.Where(g => g.Of(MigrationPhase.Contract) is { Applied: false } contract && instance.PredatesMigration(contract.Id)).Select(g => g.Name).ToList()
            : [];
}
