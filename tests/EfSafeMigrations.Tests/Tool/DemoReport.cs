using System.Globalization;
using System.Text.RegularExpressions;
using EfSafeMigrations.Tests.Design.EndToEnd;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// The last table of <c>bash eng/demo.sh</c> (either database): what each version saw per phase. A reader of the demo
/// checks that every phase was served by the versions that run then and that no request failed or read a wrong value.
/// </summary>
internal static partial class DemoReport
{
    /// <summary>The phase/app pairs that must have served requests: the versions that run during and between the phases.</summary>
    private static readonly string[] Served =
    [
        "previous release alone/old", "expand/old", "backfill/old", "old and new side by side/old", "old and new side by side/new",
        "contract/new", "after contract/new",
    ];

    /// <summary>Asserts the table lists every served phase with requests, and no failed request or wrong read in any row.</summary>
    public static void AssertEveryPhaseServedWithoutFailure(CommandResult demo)
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
