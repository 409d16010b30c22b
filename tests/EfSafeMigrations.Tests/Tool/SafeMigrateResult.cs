using System.Globalization;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>How one run of <c>safe-migrate</c> ended and what it printed, unmasked (so that a leaked secret is seen).</summary>
/// <param name="CommandLine">The command, for messages.</param>
/// <param name="ExitCode">Its exit code, or null when it did not finish in time and was killed.</param>
/// <param name="Elapsed">How long it ran.</param>
/// <param name="StandardOutput">Standard output.</param>
/// <param name="StandardError">Standard error.</param>
internal sealed record SafeMigrateResult(string CommandLine, int? ExitCode, TimeSpan Elapsed, string StandardOutput, string StandardError)
{
    /// <summary>Standard output and standard error together.</summary>
    public string AllOutput => StandardOutput + StandardError;

    /// <summary>The non-empty lines of standard output.</summary>
    public IReadOnlyList<string> StandardOutputLines
        => StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();

    /// <summary>The command, how it ended and its whole output, for assertion messages.</summary>
    public string Describe()
        => string.Create(
            CultureInfo.InvariantCulture,
            $"`{CommandLine}` {(ExitCode is { } code ? $"exited with code {code}" : "did not finish in time and was killed")} after "
            + $"{Elapsed.TotalSeconds:0.0} s.{Environment.NewLine}--- stdout:{Environment.NewLine}{StandardOutput}--- stderr:{Environment.NewLine}{StandardError}");
}
