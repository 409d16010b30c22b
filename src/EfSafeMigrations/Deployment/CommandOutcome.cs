namespace EfSafeMigrations.Deployment;

/// <summary>How a command hook or gate ended.</summary>
/// <param name="ExitCode">Its exit code; null when it was killed at its timeout.</param>
/// <param name="Output">The last lines it wrote (standard output and error).</param>
internal sealed record CommandOutcome(int? ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    public string Describe(Configuration.CommandSpec spec)
        => (ExitCode is { } code ? $"{Path.GetFileName(spec.Run)} exited with {code}" : $"{Path.GetFileName(spec.Run)} did not finish within {Durations.Format(spec.Timeout)} and was killed")
            + (Output.Length > 0 ? $": {Output}" : string.Empty);
}
