using System.Globalization;

namespace EfSafeMigrations.Tests.Design.EndToEnd;

/// <summary>How one run of a command ended and what it printed (secrets already masked).</summary>
/// <param name="CommandLine">The command as typed in a shell, for messages.</param>
/// <param name="WorkingDirectory">Where it ran.</param>
/// <param name="ExitCode">Its exit code, or null when it did not finish in time and was killed.</param>
/// <param name="Elapsed">How long it ran.</param>
/// <param name="Output">Standard output and standard error, interleaved as they arrived.</param>
/// <param name="StandardOutput">Standard output alone.</param>
internal sealed record CommandResult(
    string CommandLine, string WorkingDirectory, int? ExitCode, TimeSpan Elapsed, string Output, string StandardOutput)
{
    /// <summary>Whether it exited with code 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>The lines of <see cref="StandardOutput"/>.</summary>
    public IReadOnlyList<string> StandardOutputLines => StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

    /// <summary>The command, how it ended and its whole output, for assertion messages.</summary>
    public string Describe()
    {
        var outcome = ExitCode is { } code
            ? string.Create(CultureInfo.InvariantCulture, $"exited with code {code}")
            : "did not finish in time and was killed";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"`{CommandLine}` (in {WorkingDirectory}) {outcome} after {Elapsed.TotalSeconds:0.0} s. Its output:{Environment.NewLine}"
            + $"{(Output.Length == 0 ? "(no output)" : Output)}");
    }
}
