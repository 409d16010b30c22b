namespace EfSafeMigrations.Running.Protocol;

/// <summary>What a runner is asked to do.</summary>
public enum RunnerCommand
{
    /// <summary>Show the pending groups, their phases and steps; change nothing.</summary>
    Plan,

    /// <summary>Show the phase status of every group.</summary>
    Status,

    /// <summary>Apply one phase of every pending group.</summary>
    Phase,

    /// <summary>Undo the Backfill and Expand of groups whose Contract has not run.</summary>
    Rollback,

    /// <summary>Lint the migrations; needs no database.</summary>
    Lint,

    /// <summary>Set a deployment flag (<see cref="RunnerRequest.FlagName"/>), or list them all when no name is given.</summary>
    Flag,
}
