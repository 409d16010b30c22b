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
