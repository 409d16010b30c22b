using System.Text;
using System.Text.RegularExpressions;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// The <c>dotnet safe-migrate</c> command lines a document shows, in the order it shows them: every line of a fenced
/// shell block (<c>bash</c>, <c>sh</c>, <c>shell</c>, <c>console</c>) that runs the tool, and every inline code span that
/// is a whole command (the tool's name and a verb). Synopses in <c>text</c> blocks and the bare tool name are not
/// commands.
/// </summary>
internal static partial class DocumentedCommands
{
    /// <summary>The documents whose commands are run: the READMEs of the repository, the tool and the Build package, and docs/.</summary>
    public static IReadOnlyList<string> Documents
        => [
            "README.md",
            "src/EfSafeMigrations.Tool/README.md",
            "src/EfSafeMigrations.Build/README.md",
            .. Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md").Order(StringComparer.Ordinal).Select(f => "docs/" + Path.GetFileName(f)),
        ];

    /// <summary>
    /// The commands of <paramref name="document"/> (a path from the repository root), each as its arguments after
    /// <c>dotnet safe-migrate</c>, and whether it is a line of a shell block (a step to run) rather than a mention in a sentence.
    /// </summary>
    public static IReadOnlyList<(int Line, IReadOnlyList<string> Args, bool Fenced)> In(string document)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, document));
        var commands = new List<(int, IReadOnlyList<string>, bool)>();
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                fence = fence == null ? line[3..].Trim() : null;
                continue;
            }

            if (fence is "bash" or "sh" or "shell" or "console")
            {
                var command = line.TrimStart('$', ' ');
                if (command.StartsWith(Tool, StringComparison.Ordinal))
                {
                    commands.Add((i + 1, Split(WithoutComment(command)[Tool.Length..]), true));
                }
            }
            else if (fence == null)
            {
                // A span may go on over the next line of the paragraph.
                var paragraph = i + 1 < lines.Length && lines[i + 1].Trim().Length > 0 ? line + " " + lines[i + 1].Trim() : line;
                foreach (Match span in InlineCommand().Matches(line.Count(c => c == '`') % 2 == 1 ? paragraph : line))
                {
                    commands.Add((i + 1, Split(span.Groups[1].Value), false));
                }
            }
        }

        return commands;
    }

    /// <summary>
    /// The synopsis lines of <paramref name="document"/> (<c>dotnet safe-migrate</c> lines in a <c>text</c> block, with
    /// placeholders such as <c>expand|backfill|contract</c> or <c>[--to MIGRATION]</c>): each line's verb and the options it names.
    /// </summary>
    public static IReadOnlyList<(int Line, string Verb, IReadOnlyList<string> Options)> Synopses(string document)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, document));
        var synopses = new List<(int, string, IReadOnlyList<string>)>();
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                fence = fence == null ? line[3..].Trim() : null;
            }
            else if (fence == "text" && line.StartsWith(Tool + " ", StringComparison.Ordinal))
            {
                var words = line[(Tool.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                synopses.Add((i + 1, words[0], Option().Matches(line).Select(m => m.Value).Distinct().ToList()));
            }
        }

        return synopses;
    }

    /// <summary>
    /// Whether a command names MySQL or MariaDB replicas (<c>--replica</c>): it needs a MariaDB primary and replica, so
    /// <c>Tool/Pomelo/ReplicaLagThroughToolTests</c> runs it on the EF Core 9 line, not the sample on PostgreSQL.
    /// </summary>
    public static bool NamesReplicas(IReadOnlyList<string> args) => args.Contains("--replica");

    private const string Tool = "dotnet safe-migrate";

    private static string WithoutComment(string command)
    {
        var quoted = false;
        for (var i = 0; i < command.Length; i++)
        {
            quoted ^= command[i] == '"';
            if (!quoted && command[i] == '#' && i > 0 && command[i - 1] == ' ')
            {
                return command[..i].TrimEnd();
            }
        }

        return command;
    }

    /// <summary>Splits as a shell does for these lines: on spaces, with double quotes grouping; a &lt;placeholder&gt; is one word.</summary>
    private static List<string> Split(string arguments)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        var any = false;
        var placeholder = false;
        foreach (var c in arguments)
        {
            placeholder = c == '<' || (placeholder && c != '>');
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted && !placeholder)
            {
                if (any || word.Length > 0)
                {
                    words.Add(word.ToString());
                }

                word.Clear();
                any = false;
            }
            else
            {
                word.Append(c);
            }
        }

        if (any || word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    [GeneratedRegex(@"`dotnet safe-migrate ([a-z][^`]*)`")]
    private static partial Regex InlineCommand();

    [GeneratedRegex(@"--[a-z][a-z-]*")]
    private static partial Regex Option();
}
