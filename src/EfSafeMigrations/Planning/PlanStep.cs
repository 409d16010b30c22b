using EfSafeMigrations.Operations;

namespace EfSafeMigrations.Planning;

/// <summary>One step of a phase in a published plan.</summary>
/// <param name="Kind">"ddl" (in a transaction), "ddl-outside-transaction", "concurrent-index" or "backfill".</param>
/// <param name="Sql">The SQL it runs (for a backfill, the statement a script shows).</param>
/// <param name="Index">For "concurrent-index": the index's name.</param>
/// <param name="Schema">For "concurrent-index": the index's schema.</param>
/// <param name="Backfill">For "backfill": what to fill.</param>
public sealed record PlanStep(string Kind, string Sql, string? Index = null, string? Schema = null, PlanBackfill? Backfill = null);
