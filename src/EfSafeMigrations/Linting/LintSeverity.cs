namespace EfSafeMigrations.Linting;

/// <summary>How serious a lint finding is; the build can turn warnings into errors.</summary>
public enum LintSeverity
{
    /// <summary>Worth a look; the change is safe but may not do what was meant.</summary>
    Warning = 1,

    /// <summary>The change blocks the app or breaks the old version during a rolling deploy.</summary>
    Error = 2,
}
