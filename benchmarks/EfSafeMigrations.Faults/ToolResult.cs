namespace EfSafeMigrations.Faults;

/// <summary>How one run of the tool ended.</summary>
/// <param name="ExitCode">Its exit code; null when it was killed.</param>
/// <param name="Seconds">How long it ran.</param>
/// <param name="Result">The message of its result event, or what it printed last.</param>
/// <param name="Notes">What it said on the way that a reader of the report needs: resumed at row N, retries, waits.</param>
internal sealed record ToolResult(int? ExitCode, double Seconds, string Result, IReadOnlyList<string> Notes)
{
    /// <summary>"exit 0: Backfill applied: ..." with its notes.</summary>
    public string Describe()
        => FormattableString.Invariant($"exit {(ExitCode is { } code ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")} after {Seconds:0.0} s: {Result}")
            + (Notes.Count == 0 ? string.Empty : " [" + string.Join("; ", Notes.Distinct()) + "]");
}
