namespace EfSafeMigrations.Deployment;

/// <summary>A group as <c>status</c> sees it, from the app's migrations or a published plan: each phase, its migration and whether it is applied.</summary>
/// <param name="Name">The group.</param>
/// <param name="Phases">Its phases in order.</param>
internal sealed record GroupProgress(string Name, IReadOnlyList<(MigrationPhase Phase, string MigrationId, bool Applied)> Phases)
{
    /// <summary>A group of the app's compiled migrations.</summary>
    public static GroupProgress Of(Running.MigrationGroup group) => new(group.Name, group.Migrations.Select(m => (m.Phase, m.Id, m.Applied)).ToList());

    /// <summary>The group's migration of a phase that is not applied yet, if any.</summary>
    public string? Pending(MigrationPhase phase) => Phases.FirstOrDefault(p => p.Phase == phase && !p.Applied).MigrationId;

    /// <summary>The first phase not applied yet; null when the group is finished.</summary>
    public (MigrationPhase Phase, string MigrationId)? Next
        => Phases.FirstOrDefault(p => !p.Applied) is { MigrationId: not null } next ? (next.Phase, next.MigrationId) : null;
}
