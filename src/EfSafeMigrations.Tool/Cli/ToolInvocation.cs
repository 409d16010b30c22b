using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tool.Cli;

/// <summary>What the command line asks for, once parsed.</summary>
internal sealed record ToolInvocation
{
    /// <summary>The verb.</summary>
    public required RunnerCommand Command { get; init; }

    /// <summary>The phase, for <c>phase</c>.</summary>
    public MigrationPhase? Phase { get; init; }

    /// <summary><c>--to</c>: for <c>phase</c>, the last group to apply; for <c>rollback</c>, the migration to keep.</summary>
    public string? Target { get; init; }

    /// <summary><c>--plan</c>, for <c>phase</c>: a published plan to apply instead of a project's migrations.</summary>
    public string? PlanDir { get; init; }

    /// <summary><c>--config</c>, for <c>status</c>, <c>phase</c> and <c>rollback</c>: the hooks and gates file as typed; null to look for the default one.</summary>
    public string? ConfigFile { get; init; }

    /// <summary><c>--require</c>, for <c>status</c>: the phase every group must have applied (with the ones before it).</summary>
    public MigrationPhase? Require { get; init; }

    /// <summary><c>--output</c>, for <c>plan</c>: the folder to write the phase plan into.</summary>
    public string? OutputDir { get; init; }

    /// <summary><c>--server-version</c>, for <c>lint</c>: the PostgreSQL server's major version.</summary>
    public int? ServerVersion { get; init; }

    /// <summary><c>--server-version</c>, for <c>lint</c>: the MySQL or MariaDB server's version, for example <c>10.11-mariadb</c>.</summary>
    public string? MySqlServerVersion { get; init; }

    /// <summary>The project holding the migrations (a file or folder); null for the project in the current folder.</summary>
    public string? Project { get; init; }

    /// <summary>The project that configures the context; null for <see cref="Project"/>.</summary>
    public string? StartupProject { get; init; }

    /// <summary>The DbContext's name; null when there is one.</summary>
    public string? Context { get; init; }

    /// <summary>The target framework of a multi-targeted project.</summary>
    public string? Framework { get; init; }

    /// <summary>The build configuration; null for the project's default (Debug).</summary>
    public string? Configuration { get; init; }

    /// <summary>Use the last build instead of building.</summary>
    public bool NoBuild { get; init; }

    /// <summary>A built assembly holding the migrations, instead of a project.</summary>
    public string? Assembly { get; init; }

    /// <summary>The built startup assembly, with <see cref="Assembly"/>; null for <see cref="Assembly"/>.</summary>
    public string? StartupAssembly { get; init; }

    /// <summary>The connection string given with <c>--connection</c>.</summary>
    public string? Connection { get; init; }

    /// <summary>Show what would run, change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Also show verbose messages.</summary>
    public bool Verbose { get; init; }

    /// <summary>Events as JSON lines on standard output, nothing else there.</summary>
    public bool Json { get; init; }

    /// <summary>Plain text without colours or a live progress bar.</summary>
    public bool NoColor { get; init; }

    /// <summary>How phases are applied.</summary>
    public RunnerSettings Settings { get; init; } = new();

    /// <summary>For <c>flag</c>: the flag to set; null lists them.</summary>
    public string? FlagName { get; init; }

    /// <summary>For <c>flag</c>: on, or off with <c>--off</c>.</summary>
    public bool FlagEnabled { get; init; } = true;
}
