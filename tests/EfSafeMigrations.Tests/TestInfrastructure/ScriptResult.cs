namespace EfSafeMigrations.Tests.TestInfrastructure;

/// <summary>What a run of a helper script produced.</summary>
/// <param name="CommandLine">The command, with the environment it was given, for messages.</param>
/// <param name="Succeeded">Whether it exited with code 0 in time and closed its output.</param>
/// <param name="Outcome">How it ended, in words ("exited with code 1").</param>
/// <param name="Output">Standard output and standard error, interleaved as they arrived.</param>
/// <param name="StandardOutput">Standard output alone.</param>
internal sealed record ScriptResult(string CommandLine, bool Succeeded, string Outcome, string Output, string StandardOutput)
{
    /// <summary>The last <paramref name="lines"/> lines of <see cref="Output"/>.</summary>
    public string Tail(int lines)
    {
        var all = Output.TrimEnd().Split('\n');
        var tail = all.Length <= lines ? all : all[^lines..];
        return tail.Length == 0 || (tail.Length == 1 && tail[0].Length == 0)
            ? "(no output)"
            : string.Join('\n', tail);
    }
}
