using System.Globalization;
using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Benchmarks.Scenarios;

namespace EfSafeMigrations.Benchmarks.Reporting;

/// <summary>
/// The report's section on strong locks during the staged phases: for each phase, the writers' slowest transaction
/// and the sampled lock holders and waiters around it, then the longest lock episodes: which statement held or
/// waited for which lock, how long, with how many sessions queued.
/// </summary>
public static class LockReport
{
    private const int Longest = 8;

    /// <summary>Writes the section.</summary>
    public static void Render(ScenarioRun staged, Action<FormattableString> line, Action<string> raw)
    {
        raw("## Strong locks on `Accounts` during the staged phases");
        raw("");
        line($"Sampled every {LockSampler.Interval.TotalMilliseconds:0} ms on a separate connection from `pg_locks` and `pg_stat_activity`: the sessions holding (or waiting for) SHARE UPDATE EXCLUSIVE or a stronger lock on the table, the statement each ran, and how many sessions waited for a lock on the table meanwhile. A time of 0 ms means seen in one sample only.");
        raw("");
        raw("| phase | slowest writer transaction | strong locks sampled while it ran |");
        raw("|---|---:|---|");
        foreach (var phase in staged.Phases)
        {
            var slowest = staged.Samples.Where(s => s.End > phase.Start && s.Start < phase.End).DefaultIfEmpty().MaxBy(s => s.End - s.Start);
            if (slowest.End == 0)
            {
                continue;
            }

            var during = staged.LockEpisodes.Where(e => e.Last >= slowest.Start && e.First <= slowest.End).Select(Describe).ToList();
            line($"| {phase.Name} | {Timestamps.Milliseconds(slowest.Start, slowest.End):0} ms ({slowest.Op}, from {Timestamps.Seconds(phase.Start, slowest.Start):0.00} s into the phase) | {(during.Count == 0 ? "none" : string.Join("<br>", during))} |");
        }

        raw("");
        raw("| phase | session | lock | statement | ms | most sessions waiting |");
        raw("|---|---:|---|---|---:|---:|");
        foreach (var episode in staged.LockEpisodes.OrderByDescending(e => e.Last - e.First).Take(Longest).OrderBy(e => e.First))
        {
            var phase = staged.Phases.FirstOrDefault(p => episode.First >= p.Start && episode.First <= p.End)?.Name ?? "between phases";
            line($"| {phase} | {episode.Session} | {Mode(episode)} | `{episode.Statement.Replace("|", "\\|", StringComparison.Ordinal)}` | {episode.Milliseconds:0} | {episode.MaxWaiting} |");
        }

        raw("");
    }

    private static string Describe(LockEpisode episode)
        => string.Create(CultureInfo.InvariantCulture, $"{Mode(episode)} by {episode.Session} for {episode.Milliseconds:0} ms, {episode.MaxWaiting} waiting: `{Short(episode.Statement)}`");

    private static string Mode(LockEpisode episode) => $"{episode.Mode.Replace("Lock", string.Empty, StringComparison.Ordinal)} {(episode.Granted ? "held" : "waited for")}";

    private static string Short(string statement) => (statement.Length > 60 ? statement[..60] + "..." : statement).Replace("|", "\\|", StringComparison.Ordinal);
}
