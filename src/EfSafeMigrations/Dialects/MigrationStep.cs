namespace EfSafeMigrations.Dialects;

/// <summary>One unit of SQL a dialect produces for an operation; the SQL generator turns each into a migration command.</summary>
public abstract record MigrationStep;

/// <summary>A DDL statement (or a few that belong together), run under the lock timeout.</summary>
/// <param name="Sql">The SQL, ending with a semicolon.</param>
/// <param name="Transactional">False when it must run outside a transaction (for example <c>VALIDATE</c>, so its scan holds no earlier lock).</param>
public sealed record DdlStep(string Sql, bool Transactional = true) : MigrationStep;

/// <summary>
/// An index built without blocking writes, outside any transaction. Before building, an existing valid
/// index of that name means the step is done; an invalid one (a failed earlier build) is dropped first.
/// </summary>
/// <param name="Sql">The statement that builds the index.</param>
/// <param name="Name">The index's name.</param>
/// <param name="Schema">The index's schema, or null for the default.</param>
public sealed record ConcurrentIndexStep(string Sql, string Name, string? Schema) : MigrationStep;

/// <summary>A batched backfill.</summary>
/// <param name="Operation">What to fill.</param>
public sealed record BackfillStep(Operations.BackfillOperation Operation) : MigrationStep;

/// <summary>
/// An ALTER the server is asked to run without copying the table: each attempt in turn (for example
/// <c>ALGORITHM=INSTANT</c>, then <c>ALGORITHM=INPLACE, LOCK=NONE</c>), the next one only when the server answers
/// that it cannot run the previous one that way; when none can, the step is refused with <paramref name="Refusal"/>
/// and nothing is changed. Skipped when <paramref name="DoneWhen"/> finds the change already made.
/// </summary>
/// <param name="Attempts">The statements, fastest first.</param>
/// <param name="DoneWhen">A query of one row, true (or non-zero) when the change is already made; null to always run.</param>
/// <param name="Refusal">What to say when the server can only run the change by copying the table: why, and the recipe.</param>
/// <param name="Reset">A statement run after every attempt, whatever happened (restores a session setting an attempt changed).</param>
/// <param name="Assured">
/// For a change the developer assured: what is tried, saying so, instead of the refusal; null to refuse.
/// </param>
public sealed record OnlineAlterStep(IReadOnlyList<string> Attempts, string? DoneWhen, string Refusal, string? Reset = null, AssuredCopy? Assured = null) : MigrationStep;

/// <summary>A query that must find nothing wrong before the phase goes on, for example rows a new foreign key would reject.</summary>
/// <param name="Query">A query of one row: the number of offending rows.</param>
/// <param name="Failure">What to say when it finds some: what is wrong and what to do.</param>
public sealed record CheckStep(string Query, string Failure) : MigrationStep;
