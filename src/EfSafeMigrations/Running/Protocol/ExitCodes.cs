namespace EfSafeMigrations.Running.Protocol;

/// <summary>The runner's documented exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Done = 0;

    /// <summary>Failed (a step failed, or the run was stopped); a re-run resumes.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage: wrong arguments or options.</summary>
    public const int Usage = 2;

    /// <summary>Refused by an ordering rule, a gate or the lock, with nothing changed.</summary>
    public const int Refused = 3;
}
