using EfSafeMigrations.Planning;

namespace EfSafeMigrations.Running;

/// <summary>A migration about to be applied: its steps (rendered when its turn comes) and its history statement.</summary>
/// <param name="Id">The migration id.</param>
/// <param name="Phase">Its phase.</param>
/// <param name="Steps">Renders its steps.</param>
/// <param name="HistoryInsert">Records it in EF Core's history.</param>
internal sealed record PendingMigration(string Id, MigrationPhase Phase, Func<IReadOnlyList<PlanStep>> Steps, string HistoryInsert);
