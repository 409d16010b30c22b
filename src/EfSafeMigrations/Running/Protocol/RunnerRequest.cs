namespace EfSafeMigrations.Running.Protocol;

/// <summary>
/// One request to a runner host, sent as JSON on its standard input (so a connection string never
/// shows in a process list).
/// </summary>
public sealed record RunnerRequest
{
    /// <summary>What to do.</summary>
    public required RunnerCommand Command { get; init; }

    /// <summary>The phase, for <see cref="RunnerCommand.Phase"/>.</summary>
    public MigrationPhase? Phase { get; init; }

    /// <summary>The path of the assembly holding the migrations.</summary>
    public required string Assembly { get; init; }

    /// <summary>The path of the startup assembly (where the context is configured); null for <see cref="Assembly"/>.</summary>
    public string? StartupAssembly { get; init; }

    /// <summary>The DbContext type's name or full name; null when the assembly has one.</summary>
    public string? Context { get; init; }

    /// <summary>A connection string that replaces the context's own; null to keep it.</summary>
    public string? Connection { get; init; }

    /// <summary>Print the SQL and the backfill plan, change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>For <see cref="RunnerCommand.Rollback"/>: the migration to roll back to (kept applied); null rolls back every group whose Contract has not run.</summary>
    public string? Target { get; init; }

    /// <summary>For <see cref="RunnerCommand.Lint"/>: the PostgreSQL server's major version (for example 15); null assumes a current one.</summary>
    public int? ServerVersion { get; init; }

    /// <summary>
    /// For <see cref="RunnerCommand.Lint"/>: the MySQL or MariaDB server's version as <see cref="Linting.MySqlServerRelease.TryParse"/>
    /// reads it (for example <c>10.11-mariadb</c>); null assumes one the dialect supports.
    /// </summary>
    public string? MySqlServerVersion { get; init; }

    /// <summary>For <see cref="RunnerCommand.Lint"/>: the project folder, where the migrations' source files are looked up for line numbers.</summary>
    public string? ProjectDir { get; init; }

    /// <summary>For <see cref="RunnerCommand.Plan"/>: write the plan of every migration into this folder (no database needed).</summary>
    public string? OutputDir { get; init; }

    /// <summary>
    /// The hooks and gates file (<c>safe-migrate.json</c>); null for none. Relative command paths in it
    /// resolve against its folder.
    /// </summary>
    public string? ConfigFile { get; init; }

    /// <summary>
    /// For <see cref="RunnerCommand.Status"/>: the phase every group must have reached (Expand, or
    /// Backfill for "ready for the new version"); when one has not, the status exits with code 3.
    /// </summary>
    public MigrationPhase? Require { get; init; }

    /// <summary>For <see cref="RunnerCommand.Flag"/>: the flag to set; null lists every flag.</summary>
    public string? FlagName { get; init; }

    /// <summary>For <see cref="RunnerCommand.Flag"/>: on (true) or off (false).</summary>
    public bool FlagEnabled { get; init; } = true;

    /// <summary>How phases are applied.</summary>
    public RunnerSettings Settings { get; init; } = new();
}
