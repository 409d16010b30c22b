using System.Text.RegularExpressions;
using EfSafeMigrations.Tests.TestInfrastructure;
using Npgsql;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// Every case of <see cref="BadInputCases"/> through the real tool against real PostgreSQL, as a user runs it: the
/// documented exit code, one line that says what is wrong, no stack trace or exception name, no password, and every
/// database of the fixture exactly as it was (catalogue, EF Core's history, the runner's tables, every row).
/// </summary>
public sealed partial class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    public static TheoryData<string> Cases => BadInputCases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_input_gets_its_exit_code_one_clear_line_and_changes_nothing(string name)
    {
        var badInput = BadInputCases.ByName[name];
        using var folder = new TempFolder("efsm-case-");
        if (badInput.Config != null)
        {
            File.WriteAllText(folder.Combine("safe-migrate.json"), badInput.Config);
        }

        var before = await ChecksumsAsync();
        var result = await SafeMigrateCli.RunAsync(
            badInput.Args.Select(a => Resolve(a, folder.Path)).ToList(), badInput.Environment, folder.Path, RunTimeout);
        var after = await ChecksumsAsync();

        Assert.True(result.ExitCode == badInput.ExitCode, $"Expected exit code {badInput.ExitCode}. {result.Describe()}");
        var lines = result.AllOutput.Split('\n').Select(l => l.TrimEnd('\r'));
        Assert.True(lines.Any(l => l.Contains(badInput.Expected, StringComparison.Ordinal)), $"Expected a line with: {badInput.Expected}{Environment.NewLine}{result.Describe()}");
        Assert.False(StackTrace().IsMatch(result.AllOutput), "A stack trace or an exception's name was printed. " + result.Describe());
        Assert.DoesNotContain(BadInputCases.Secret, result.AllOutput, StringComparison.Ordinal);
        Assert.False(TestPassword().IsMatch(result.AllOutput), "The test login's password was printed. " + result.Describe());
        foreach (var (state, checksum) in before)
        {
            Assert.True(checksum == after[state], $"The {state} database was changed by `{name}`.{Environment.NewLine}{Diff(checksum, after[state])}{Environment.NewLine}{result.Describe()}");
        }
    }

    /// <summary>Cases of every exit code and kind of input, run again with <c>--json</c>.</summary>
    public static TheoryData<string> JsonCases => new(
        "unknown verb", "misspelt phase", "port in words", "plan folder that does not exist", "config that is not JSON",
        "malformed port in the app's configuration", "backfill before expand", "truncated manifest", "wrong password");

    [Theory]
    [MemberData(nameof(JsonCases))]
    public async Task With_json_output_a_bad_input_is_one_result_event_line_with_its_exit_code_and_message(string name)
    {
        var badInput = BadInputCases.ByName[name];
        using var folder = new TempFolder("efsm-case-");
        if (badInput.Config != null)
        {
            File.WriteAllText(folder.Combine("safe-migrate.json"), badInput.Config);
        }

        var result = await SafeMigrateCli.RunAsync(
            [.. badInput.Args.Select(a => Resolve(a, folder.Path)), "--json"], badInput.Environment, folder.Path, RunTimeout);

        Assert.True(result.ExitCode == badInput.ExitCode, $"Expected exit code {badInput.ExitCode}. {result.Describe()}");
        var events = result.StandardOutputLines.Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement).ToList();
        var last = Assert.Single(events, e => e.GetProperty("event").GetString() == "result");
        Assert.Equal(last, events[^1]);
        Assert.Equal(badInput.ExitCode, last.GetProperty("exitCode").GetInt32());
        Assert.Contains(badInput.Expected.Replace("error: ", string.Empty, StringComparison.Ordinal), last.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(StackTrace().IsMatch(result.AllOutput), "A stack trace or an exception's name was printed. " + result.Describe());
        Assert.DoesNotContain(BadInputCases.Secret, result.AllOutput, StringComparison.Ordinal);
    }

    private async Task<Dictionary<string, string>> ChecksumsAsync()
    {
        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (state, database) in fixture.Databases)
        {
            checksums[state] = await DatabaseChecksum.OfAsync(database.ConnectionString);
        }

        return checksums;
    }

    private string Resolve(string argument, string caseFolder)
    {
        var server = new NpgsqlConnectionStringBuilder(TestServers.PostgresConnectionString);
        var resolved = argument
            .Replace("{shop}", SafeMigrateCli.ShopAssembly, StringComparison.Ordinal)
            .Replace("{fixture}", fixture.FolderPath, StringComparison.Ordinal)
            .Replace("{dir}", caseFolder, StringComparison.Ordinal)
            .Replace("{host}", server.Host, StringComparison.Ordinal)
            .Replace("{port}", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return DatabasePlaceholder().Replace(resolved, m => fixture.Databases[m.Groups[1].Value].ConnectionString);
    }

    private static string Diff(string before, string after)
    {
        var was = before.Split('\n').ToHashSet(StringComparer.Ordinal);
        var now = after.Split('\n').ToHashSet(StringComparer.Ordinal);
        return string.Join(Environment.NewLine, was.Except(now).Select(l => "- " + l).Concat(now.Except(was).Select(l => "+ " + l)));
    }

    [GeneratedRegex(@"\{db:(\w+)\}")]
    private static partial Regex DatabasePlaceholder();

    [GeneratedRegex(@"(?m)^\s+at \S+|Unhandled exception|\b\w+Exception\b")]
    private static partial Regex StackTrace();

    [GeneratedRegex(@"(?i)password\s*=\s*app\b")]
    private static partial Regex TestPassword();
}
