using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Benchmarks.Reporting;

/// <summary>
/// The report's section on the backfill's batches: how long each took against the runner's target, and, for the
/// writers' slowest transactions during Backfill, the longest batch that was running meanwhile (a writer that
/// needs a row of a batch waits for the batch's commit).
/// </summary>
public static class BatchReport
{
    private const int Slowest = 5;

    /// <summary>Writes the section.</summary>
    public static void Render(BenchmarkResult result, TimeSpan target, Action<FormattableString> line, Action<string> raw)
    {
        raw("## Backfill batches");
        raw("");
        line($"A batch's span runs from the runner's report of the batch before to its own (each report is made in the batch's transaction, just before its commit), so it holds the batch's row locks and the commit before it. Target {target.TotalMilliseconds:0} ms (the time a batch should stay under).");
        raw("");
        raw("| copy | batches | median | p99 | max (rows, at s into Backfill) | over 1.25x target | over 2x target |");
        raw("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (copy, events) in new[] { ("staged", result.Staged.RunnerEvents), ("unloaded", result.Unloaded.RunnerEvents) })
        {
            var spans = Metrics.BatchSpans(events);
            if (spans.Count == 0)
            {
                continue;
            }

            var sorted = spans.Select(s => s.Milliseconds).Order().ToList();
            var longest = spans.MaxBy(s => s.Milliseconds);
            var start = events.First(e => e.Event is StepEvent { Phase: MigrationPhase.Backfill, Status: "started" }).At;
            var limit = target.TotalMilliseconds;
            line($"| {copy} | {spans.Count:N0} | {LatencyStats.Percentile(sorted, 0.5):0} ms | {LatencyStats.Percentile(sorted, 0.99):0} ms | {longest.Milliseconds:0} ms ({longest.Rows:N0}, {Timestamps.Seconds(start, longest.Start):0.00} s) | {sorted.Count(ms => ms > limit * 1.25)} | {sorted.Count(ms => ms > limit * 2)} |");
        }

        raw("");
        var staged = result.Staged;
        var backfill = staged.Phases.FirstOrDefault(p => p.Name == "backfill");
        var batches = Metrics.BatchSpans(staged.RunnerEvents);
        if (backfill == null || batches.Count == 0)
        {
            return;
        }

        raw("The writers' slowest transactions during the staged Backfill, beside the longest batch running at the same time:");
        raw("");
        raw("| writer transaction | at s into Backfill | longest batch overlapping it | its rows | the writer ended after that batch's report |");
        raw("|---:|---:|---:|---:|---:|");
        var writers = staged.Samples.Where(s => s.End > backfill.Start && s.Start < backfill.End).OrderByDescending(s => s.End - s.Start).Take(Slowest);
        foreach (var writer in writers)
        {
            var overlapping = batches.Where(b => b.End >= writer.Start && b.Start <= writer.End).ToList();
            if (overlapping.Count == 0)
            {
                line($"| {Timestamps.Milliseconds(writer.Start, writer.End):0} ms ({writer.Op}) | {Timestamps.Seconds(backfill.Start, writer.Start):0.00} | none | | |");
                continue;
            }

            var batch = overlapping.MaxBy(b => b.Milliseconds);
            line($"| {Timestamps.Milliseconds(writer.Start, writer.End):0} ms ({writer.Op}) | {Timestamps.Seconds(backfill.Start, writer.Start):0.00} | {batch.Milliseconds:0} ms | {batch.Rows:N0} | {Timestamps.Milliseconds(batch.End, writer.End):0} ms |");
        }

        raw("");
    }
}
