namespace EfSafeMigrations.Deployment.Configuration;

/// <summary>Whether a hook runs before a group's phase migration is applied or after it.</summary>
public enum HookTiming
{
    /// <summary>Before the phase migration; a failure stops the run with the migration not applied.</summary>
    Before,

    /// <summary>After the phase migration is applied and recorded; a failure stops the run, and a re-run runs the hook again without applying the migration again.</summary>
    After,
}
