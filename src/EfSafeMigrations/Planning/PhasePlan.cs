namespace EfSafeMigrations.Planning;

/// <summary>
/// The manifest of a published phase plan (<c>manifest.json</c>): every group's phases, their steps, and
/// the checksum of each reviewable script beside it.
/// </summary>
/// <param name="Format">The manifest format, 1.</param>
/// <param name="ToolVersion">The EfSafeMigrations version that wrote it.</param>
/// <param name="Project">The assembly holding the migrations.</param>
/// <param name="Context">The DbContext type.</param>
/// <param name="Provider">The EF Core provider.</param>
/// <param name="HistoryCreate">Creates EF Core's history table when it is missing.</param>
/// <param name="Groups">The groups, in migration order.</param>
public sealed record PhasePlan(int Format, string ToolVersion, string Project, string Context, string Provider, string HistoryCreate, IReadOnlyList<PlanGroup> Groups);
