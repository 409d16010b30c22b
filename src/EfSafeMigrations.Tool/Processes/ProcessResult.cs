namespace EfSafeMigrations.Tool.Processes;

/// <summary>How a child process ended and what it printed.</summary>
/// <param name="CommandLine">The command, for messages.</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="StandardOutput">Its standard output.</param>
/// <param name="Output">Standard output and standard error, interleaved as they arrived.</param>
internal sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string Output)
{
    /// <summary>The last <paramref name="lines"/> non-empty lines of <see cref="Output"/>.</summary>
    public string Tail(int lines)
    {
        var all = Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        return all.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Count - lines)));
    }
}
