namespace EfSafeMigrations.Planning;

/// <summary>One phase migration of a group in a published plan.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="MigrationId">The migration.</param>
/// <param name="Script">The reviewable SQL script, relative to the plan folder.</param>
/// <param name="Sha256">The script's SHA-256, hex.</param>
/// <param name="Steps">What runs, in order.</param>
/// <param name="HistoryInsert">The statement that records the migration in EF Core's history.</param>
/// <param name="Tables">The tables the migration changes, for the runner's ordering rule.</param>
/// <param name="Rollback">
/// How <c>rollback --plan</c> undoes it; null for a group's last phase (once it has run, the group is not rolled back) and in
/// plans written before rollback scripts were.
/// </param>
/// <param name="Creates">The tables and columns it creates, which a later phase checks are still there; null in a plan written before it was recorded.</param>
/// <param name="Removes">The tables and columns it drops or renames.</param>
public sealed record PlanPhase(
    MigrationPhase Phase,
    string MigrationId,
    string Script,
    string Sha256,
    IReadOnlyList<PlanStep> Steps,
    string HistoryInsert,
    IReadOnlyList<string> Tables,
    PlanRollback? Rollback = null,
    IReadOnlyList<PlanObject>? Creates = null,
    IReadOnlyList<PlanObject>? Removes = null);
