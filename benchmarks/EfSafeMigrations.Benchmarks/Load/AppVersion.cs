namespace EfSafeMigrations.Benchmarks.Load;

/// <summary>Which version of the application the writers are.</summary>
public enum AppVersion
{
    /// <summary>The version before the change: it knows nothing of <c>Label</c>.</summary>
    Old,

    /// <summary>The version after the change: it writes and reads <c>Label</c>.</summary>
    New,
}
