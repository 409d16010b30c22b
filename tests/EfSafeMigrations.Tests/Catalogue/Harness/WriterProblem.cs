namespace EfSafeMigrations.Tests.Catalogue.Harness;

/// <summary>One failed statement or wrong read of an app writer while a phase ran.</summary>
/// <param name="Version">"OLD" or "NEW".</param>
/// <param name="Phase">The phase that was running.</param>
/// <param name="Gap">Where in the phase: before its first step, or after which run of steps.</param>
/// <param name="WrongRead">True for a wrong read, false for a failed statement.</param>
/// <param name="Message">The database's (or the comparison's) message.</param>
public sealed record WriterProblem(string Version, MigrationPhase Phase, string Gap, bool WrongRead, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Version} during {Phase}, {Gap}: {(WrongRead ? "wrong read" : "failed")}: {Message}";
}
