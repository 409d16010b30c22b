using System.Globalization;
using System.Text.RegularExpressions;
using EfSafeMigrations.Tests.Design.EndToEnd;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// <c>bash eng/demo.sh</c> (either database) run as a reader runs it, with 5,000 customers rather than 50,000 to keep the
/// run short, and checked as a reader checks it: Contract refused while the previous release runs; the last table, what
/// each version saw per phase (every phase served by the versions that run then, no request failed, no read wrong); and
/// the closing check of the final schema and of every email written under load.
/// </summary>
internal static partial class DemoReport
{
    /// <summary>The phase/app pairs that must have served requests: the versions that run during and between the phases.</summary>
    private static readonly string[] Served =
    [
        "previous release alone/old", "expand/old", "backfill/old", "old and new side by side/old", "old and new side by side/new",
        "contract/new", "after contract/new",
    ];

    /// <summary>Runs the demo with <paramref name="arguments"/> and checks it ended as README says, on <paramref name="database"/> (as its first step names it).</summary>
    public static async Task RunAndCheckAsync(IReadOnlyList<string> arguments, string database)
    {
        var demo = await DotnetCli.RunProgramAsync(
            "bash",
            "bash",
            RepositoryPaths.Root,
            ["eng/demo.sh", .. arguments],
            new Dictionary<string, string> { ["DEMO_CUSTOMERS"] = "5000" },
            [],
            TimeSpan.FromMinutes(20));

        Assert.True(demo.Succeeded, demo.Describe());
        Assert.Contains($"1. A throwaway {database}", demo.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("refused by the old-instance gate", demo.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("exit code 3, nothing changed: both releases keep serving", demo.StandardOutput, StringComparison.Ordinal);
        AssertEveryPhaseServedWithoutFailure(demo);
        Assert.Matches(
            $@"Demo OK on {Regex.Escape(database)} .*CustomerDetails went expand -> backfill -> contract under load, no request failed; \d+ customers and \d+ orders kept, "
            + @"all \d+ emails now in EmailAddress \(\d+ written under load, each as its writer left it\); Email and Phone gone, indexes valid, foreign key validated, no triggers left",
            demo.StandardOutput);
    }

    /// <summary>Asserts the table lists every served phase with requests, and no failed request or wrong read in any row.</summary>
    private static void AssertEveryPhaseServedWithoutFailure(CommandResult demo)
    {
        var rows = demo.StandardOutputLines.Select(l => Row().Match(l)).Where(m => m.Success).Select(m => (
            Phase: m.Groups["phase"].Value,
            App: m.Groups["app"].Value,
            Requests: int.Parse(m.Groups["requests"].Value, CultureInfo.InvariantCulture),
            Failed: int.Parse(m.Groups["failed"].Value, CultureInfo.InvariantCulture),
            Wrong: int.Parse(m.Groups["wrong"].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.Superset(Served.ToHashSet(), rows.Select(r => $"{r.Phase}/{r.App}").ToHashSet());
        Assert.All(rows.Where(r => Served.Contains($"{r.Phase}/{r.App}")), r => Assert.True(r.Requests > 0, $"{r.Phase}/{r.App} served no request.\n{demo.Describe()}"));
        Assert.All(rows, r => Assert.True(r.Failed == 0 && r.Wrong == 0, $"{r.Phase}/{r.App}: {r.Failed} failed, {r.Wrong} wrong reads.\n{demo.Describe()}"));
    }

    // A row of the demo's last table: phase, app, requests, failed, wrong reads, p50 ms, worst ms.
    [GeneratedRegex(@"^\s+(?<phase>[a-z][a-z ]*?)\s{2,}(?<app>old|new)\s+(?<requests>\d+)\s+(?<failed>\d+)\s+(?<wrong>\d+)\s+[\d.]+\s+[\d.]+\s*$")]
    private static partial Regex Row();
}
