namespace EfSafeMigrations.Planning;

/// <summary>
/// How a published plan undoes one phase migration (the migration's Down), for <c>rollback --plan</c>: its reviewable
/// script beside the forward one, checksummed like it.
/// </summary>
/// <param name="Script">The reviewable SQL script, relative to the plan folder.</param>
/// <param name="Sha256">The script's SHA-256, hex.</param>
/// <param name="Steps">What runs, in order.</param>
/// <param name="HistoryDelete">The statement that removes the migration from EF Core's history.</param>
public sealed record PlanRollback(string Script, string Sha256, IReadOnlyList<PlanStep> Steps, string HistoryDelete);
