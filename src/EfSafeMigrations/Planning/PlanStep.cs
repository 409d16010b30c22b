using EfSafeMigrations.Operations;

namespace EfSafeMigrations.Planning;

/// <summary>One step of a phase in a published plan.</summary>
/// <param name="Kind">"ddl" (in a transaction), "ddl-outside-transaction", "concurrent-index", "online-alter", "check" or "backfill".</param>
/// <param name="Sql">The SQL it runs (for a backfill, the statement a script shows).</param>
/// <param name="Index">For "concurrent-index": the index's name.</param>
/// <param name="Schema">For "concurrent-index": the index's schema.</param>
/// <param name="Backfill">For "backfill": what to fill.</param>
/// <param name="Attempts">For "online-alter": the statements tried in turn (see <see cref="Dialects.OnlineAlterStep"/>).</param>
/// <param name="DoneWhen">For "online-alter": the query that finds the change already made.</param>
/// <param name="Refusal">For "online-alter": what is said when no attempt is possible; for "check": what is said when the query counts rows.</param>
/// <param name="Reset">For "online-alter": the statement run after every attempt.</param>
/// <param name="Assured">For "online-alter" of a change the developer assured: what is tried instead of the refusal.</param>
public sealed record PlanStep(
    string Kind,
    string Sql,
    string? Index = null,
    string? Schema = null,
    PlanBackfill? Backfill = null,
    IReadOnlyList<string>? Attempts = null,
    string? DoneWhen = null,
    string? Refusal = null,
    string? Reset = null,
    Dialects.AssuredCopy? Assured = null);
