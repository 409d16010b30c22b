using System.CommandLine;
using System.Text.Json;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tool.Rendering;

namespace EfSafeMigrations.Tool.Cli;

/// <summary>Reports what is wrong with a command line (exit code 2), without echoing a password typed on it.</summary>
internal static class UsageErrors
{
    private const string Unrecognized = "Unrecognized command or argument";

    /// <summary>Writes the parse errors of <paramref name="parseResult"/>; returns <see cref="ExitCodes.Usage"/>.</summary>
    public static int Report(ParseResult parseResult, IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var scrubber = new OutputScrubber(ConnectionIn(args));
        var messages = parseResult.Errors.Select(e => scrubber.Scrub(e.Message)).Distinct(StringComparer.Ordinal).ToList();
        if (messages.FirstOrDefault(m => m.StartsWith(Unrecognized, StringComparison.Ordinal)) is { } first)
        {
            // The first unknown word is the mistake; what follows it (its value) and "no command" follow from it.
            messages = [.. messages.Where(m => !m.StartsWith(Unrecognized, StringComparison.Ordinal) && m != "Required command was not provided."), first];
        }
        if (args.Count >= 3 && args[0] == "flag" && args[1] is "set" or "unset" or "on" or "off" && !args[2].StartsWith('-'))
        {
            // The form other tools use; this one takes the name itself.
            messages = [$"`flag {args[1]} {args[2]}` is written `flag {args[2]}{(args[1] is "unset" or "off" ? " --off" : string.Empty)}`: `flag` takes the flag's name itself. Nothing was changed."];
        }

        var verbs = parseResult.CommandResult.Command is RootCommand ? string.Empty : parseResult.CommandResult.Command.Name + " ";
        var hint = $"Run 'dotnet safe-migrate {verbs}--help' for usage.";
        if (args.Contains("--json", StringComparer.Ordinal))
        {
            output.WriteLine(JsonSerializer.Serialize<RunnerEvent>(new ResultEvent(ExitCodes.Usage, string.Join(" ", messages) + " " + hint), RunnerHost.Json));
            output.Flush();
            return ExitCodes.Usage;
        }

        foreach (var message in messages)
        {
            error.WriteLine("error: " + message);
        }

        error.WriteLine(hint);
        error.Flush();
        return ExitCodes.Usage;
    }

    /// <summary>The connection string on the command line or in the environment, so that its password can be masked.</summary>
    private static string? ConnectionIn(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--connection" && i + 1 < args.Count)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith("--connection=", StringComparison.Ordinal) || args[i].StartsWith("--connection:", StringComparison.Ordinal))
            {
                return args[i]["--connection=".Length..];
            }
        }

        return Environment.GetEnvironmentVariable(SafeMigrateRun.ConnectionVariable);
    }
}
