using EfSafeMigrations.Deployment.Configuration;

namespace EfSafeMigrations.Deployment;

/// <summary>One moment of a deployment that hooks and gates see: before or after one group's phase.</summary>
/// <param name="Timing">Before or after.</param>
/// <param name="Phase">The phase.</param>
/// <param name="Group">The group.</param>
/// <param name="MigrationId">The group's phase migration.</param>
/// <param name="Database">The database's name (never its connection string).</param>
public sealed record PhaseEvent(HookTiming Timing, MigrationPhase Phase, string Group, string MigrationId, string Database)
{
    /// <summary>The event's name, for example <c>after-backfill</c>.</summary>
    public string Name => NameOf(Timing, Phase);

    /// <summary>The name of an event: <c>before-expand</c> ... <c>after-contract</c>.</summary>
    public static string NameOf(HookTiming timing, MigrationPhase phase) => $"{timing}-{phase}".ToLowerInvariant();

    /// <summary>The environment variables a command hook or gate gets.</summary>
    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>
    {
        ["SAFE_MIGRATE_EVENT"] = Name,
        ["SAFE_MIGRATE_PHASE"] = Phase.ToString().ToLowerInvariant(),
        ["SAFE_MIGRATE_GROUP"] = Group,
        ["SAFE_MIGRATE_MIGRATION"] = MigrationId,
        ["SAFE_MIGRATE_DATABASE"] = Database,
    };
}
