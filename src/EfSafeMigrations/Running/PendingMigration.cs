using EfSafeMigrations.Planning;

namespace EfSafeMigrations.Running;

/// <summary>A migration about to be applied (or undone): its steps (rendered when its turn comes) and its history statement.</summary>
/// <param name="Id">The migration id.</param>
/// <param name="Group">Its group.</param>
/// <param name="Phase">Its phase.</param>
/// <param name="Steps">Renders its steps.</param>
/// <param name="HistorySql">Records it in EF Core's history (for an undo: removes it).</param>
internal sealed record PendingMigration(string Id, string Group, MigrationPhase Phase, Func<IReadOnlyList<PlanStep>> Steps, string HistorySql);
