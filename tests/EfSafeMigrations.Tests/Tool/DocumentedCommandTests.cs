using System.Text.RegularExpressions;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// Every <c>dotnet safe-migrate</c> command the READMEs and docs/ show (see <see cref="DocumentedCommands"/>) runs
/// through the real tool against the sample shop and a real PostgreSQL database, in the document's order: a line of a
/// shell block succeeds (exit code 0), a command mentioned in a sentence is at least accepted (not a usage error; a
/// sentence may name a phase the database is not ready for). So the docs cannot show a command the tool refuses. What the
/// docs write for a project of the reader's own is mapped to the sample, and nothing else is changed (the synopses of a
/// <c>text</c> block, such as the tool README's command list, are checked against the tool's help instead: every verb and
/// option they name exists):
/// <list type="bullet">
/// <item><c>src/Shop</c>, <c>&lt;library&gt;</c>, <c>&lt;app&gt;</c>: the sample, <c>samples/Shop</c>; a command that names no
/// project, plan or assembly runs in that folder, as the docs mean it to.</item>
/// <item>Every command that uses the project gets <c>--no-build --configuration Release</c> (the test build's
/// configuration): the sample is already built, and a build per line would only cost time. The tool is told the tested
/// line as MSBuild is (<c>EfCoreMajor</c> in its environment), so that it finds that line's build.</item>
/// <item><c>out/safe-migrations</c>, <c>publish/safe-migrations</c>: a plan of the sample written before the document's
/// commands run; <c>DIR</c>, <c>&lt;folder&gt;</c>, <c>&lt;app's publish folder&gt;</c>: a new folder;
/// <c>&lt;your built dll&gt;</c>: the sample's built Shop.dll.</item>
/// <item><c>"$DB"</c>, and the connection of a command that gives none: the test database (the latter through
/// <c>SAFE_MIGRATE_CONNECTION</c>).</item>
/// <item>A command naming MySQL or MariaDB replicas (<c>--replica</c>, refused on PostgreSQL) is run against a MariaDB
/// primary and its replica instead, by <c>Tool/Pomelo/ReplicaLagThroughToolTests</c>.</item>
/// </list>
/// </summary>
public sealed class DocumentedCommandTests
{
    public static TheoryData<string> Documents => [.. DocumentedCommands.Documents];

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Every_command_a_document_shows_runs_against_the_sample(string document)
    {
        var commands = DocumentedCommands.In(document);
        await using var database = await PostgresDatabase.CreateAsync("doc_commands");
        using var folder = new TempFolder("efsm-doc-");
        var plan = folder.Combine("plan");
        var written = await SafeMigrateCli.RunAsync(["plan", "--assembly", SafeMigrateCli.ShopAssembly, "--output", plan]);
        Assert.True(written.ExitCode == ExitCodes.Done, written.Describe());
        var sample = Path.Combine(RepositoryPaths.Root, "samples", "Shop");
        var environment = new Dictionary<string, string>
        {
            ["SAFE_MIGRATE_CONNECTION"] = database.ConnectionString,
            // The repository's own line switch, which MSBuild reads from the environment as a property: --project then
            // finds this line's build of the sample (bin/ef9/ on EF Core 9), not another line's or none.
            ["EfCoreMajor"] = TestedLine.EfCoreMajor.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        foreach (var (line, documented, fenced) in commands.Where(c => !DocumentedCommands.NamesReplicas(c.Args)))
        {
            var args = documented.Select(a => Mapped(a, plan, folder.Combine("written"), database.ConnectionString)).ToList();
            if (UsesTheProject(args))
            {
                args.AddRange(["--no-build", "--configuration", SafeMigrateCli.Configuration]);
            }

            var result = await SafeMigrateCli.RunAsync(args, environment, sample);

            Assert.True(
                fenced ? result.ExitCode == ExitCodes.Done : result.ExitCode is not (ExitCodes.Usage or null),
                $"{document}:{line}: `dotnet safe-migrate {string.Join(' ', documented)}` {(fenced ? "did not succeed" : "was refused as a usage error")} on the sample."
                + $"{Environment.NewLine}{result.Describe()}");
        }
    }

    [Fact]
    public async Task Every_verb_and_option_of_a_documented_synopsis_is_one_the_tool_has()
    {
        var synopses = DocumentedCommands.Documents.SelectMany(d => DocumentedCommands.Synopses(d).Select(s => (Document: d, s.Line, s.Verb, s.Options))).ToList();
        Assert.NotEmpty(synopses);

        foreach (var verb in synopses.GroupBy(s => s.Verb))
        {
            var help = await SafeMigrateCli.RunAsync([verb.Key, "--help"]);
            Assert.True(help.ExitCode == ExitCodes.Done, help.Describe());
            foreach (var (document, line, _, options) in verb)
            {
                foreach (var option in options)
                {
                    Assert.True(
                        Regex.IsMatch(help.StandardOutput, $@"(^|[\s,]){Regex.Escape(option)}\b", RegexOptions.Multiline),
                        $"{document}:{line}: `{verb.Key} {option}` is not an option of the tool.{Environment.NewLine}{help.Describe()}");
                }
            }
        }
    }

    [Fact]
    public void The_documents_show_the_commands_of_every_verb()
    {
        var verbs = DocumentedCommands.Documents.SelectMany(DocumentedCommands.In).Select(c => c.Args[0]).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(["phase", "status", "plan", "flag", "lint"], StringComparer.Ordinal), verbs);
    }

    private static string Mapped(string argument, string plan, string written, string connection)
        => argument switch
        {
            "src/Shop" or "<library>" or "<app>" => Path.Combine(RepositoryPaths.Root, "samples", "Shop"),
            "out/safe-migrations" or "publish/safe-migrations" => plan,
            "DIR" or "<folder>" => written,
            "<app's publish folder>/safe-migrations" => Path.Combine(written, "safe-migrations"),
            "<your built dll>" => SafeMigrateCli.ShopAssembly,
            "$DB" => connection,
            _ => argument,
        };

    private static bool UsesTheProject(IReadOnlyList<string> args)
        => !args.Contains("--plan") && !args.Contains("--assembly");
}
