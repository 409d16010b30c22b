namespace EfSafeMigrations.Deployment;

/// <summary>One app instance in the registry, as its heartbeat left it.</summary>
/// <param name="Id">The instance's id (unique per process start).</param>
/// <param name="Host">The machine (or pod) it runs on.</param>
/// <param name="ProcessId">Its process id.</param>
/// <param name="App">The app's entry assembly.</param>
/// <param name="Context">The DbContext type whose migrations it knows.</param>
/// <param name="NewestMigration">The newest migration compiled into it; null when it has none.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="SecondsSinceHeartbeat">How long ago its last heartbeat was, by the database's clock.</param>
public sealed record InstanceRow(
    string Id, string Host, int ProcessId, string App, string Context, string? NewestMigration, DateTimeOffset StartedAt, double SecondsSinceHeartbeat)
{
    /// <summary>
    /// Whether the instance runs this app: the same DbContext type, or (a renamed context, another
    /// release's class) a newest migration that is one of this app's.
    /// </summary>
    public bool BelongsTo(string? context, IReadOnlySet<string> migrations)
        => context == null || Context == context || (NewestMigration != null && migrations.Contains(NewestMigration));

    /// <summary>Whether the instance runs code that does not know <paramref name="migrationId"/> (ids sort by time).</summary>
    public bool PredatesMigration(string migrationId) => NewestMigration == null || string.CompareOrdinal(NewestMigration, migrationId) < 0;
}
