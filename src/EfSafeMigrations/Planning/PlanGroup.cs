namespace EfSafeMigrations.Planning;

/// <summary>A staged group in a published plan.</summary>
/// <param name="Name">The group's name.</param>
/// <param name="Phases">Its phase migrations, in phase order.</param>
public sealed record PlanGroup(string Name, IReadOnlyList<PlanPhase> Phases);
