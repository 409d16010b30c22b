using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Benchmarks.Staged;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Benchmarks.Reporting;

/// <summary>Numbers derived from a run, shared by the report and the console summary.</summary>
public static class Metrics
{
    /// <summary>The single UPDATE on the baseline copy.</summary>
    public static BackfillRate SingleUpdate(BenchmarkResult result)
        => new("single `UPDATE` (baseline copy)", result.Baseline.RowsUpdated, result.Baseline.Phases[0].Seconds);

    /// <summary>Every way the column was filled, the single UPDATE first.</summary>
    public static IReadOnlyList<BackfillRate> Rates(BenchmarkResult result)
        => new[] { SingleUpdate(result), ExpandedUpdate(result), PlainUpdate(result), UnloadedBackfill(result), StagedBackfill(result) }.OfType<BackfillRate>().ToList();

    /// <summary>The UPDATE inside the plain migration's transaction (the writers wait, so it runs alone), or null if it was not seen.</summary>
    public static BackfillRate? PlainUpdate(BenchmarkResult result)
        => result.Plain.Commands.FirstOrDefault(c => c.Text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)) is { } update
            ? new BackfillRate("`UPDATE` inside the plain migration", update.Rows, Timestamps.Seconds(update.Start, update.End))
            : null;

    /// <summary>The staged Backfill's batched fill of the column under the writers: from the phase's start to the backfill's last batch (the FK validation after it is left out).</summary>
    public static BackfillRate? StagedBackfill(BenchmarkResult result)
        => BackfillOf(result.Staged.RunnerEvents, "staged Backfill (keyset batches, writers running)");

    /// <summary>The same on the copy with no writers.</summary>
    public static BackfillRate? UnloadedBackfill(BenchmarkResult result)
        => BackfillOf(result.Unloaded.RunnerEvents, "staged Backfill (keyset batches, no writers)");

    /// <summary>The single UPDATE on the copy after the staged Expand (its trigger fires on every row), with no writers.</summary>
    public static BackfillRate ExpandedUpdate(BenchmarkResult result)
        => new("single `UPDATE` after the staged Expand (trigger in place, no writers)", result.Unloaded.ExpandedUpdateRows, result.Unloaded.ExpandedUpdateSeconds);

    /// <summary>A staged backfill's rate: from the Backfill phase's start to its last batch; null when it did not finish.</summary>
    public static BackfillRate? BackfillOf(IReadOnlyList<TimedRunnerEvent> events, string what)
    {
        var start = events.FirstOrDefault(e => e.Event is StepEvent { Phase: MigrationPhase.Backfill, Status: "started" });
        var finished = events.FirstOrDefault(e => e.Event is BackfillProgressEvent { Finished: true });
        return start != null && finished?.Event is BackfillProgressEvent done
            ? new BackfillRate(what, done.RowsDone, Timestamps.Seconds(start.At, finished.At))
            : null;
    }

    /// <summary>The batches of a backfill (progress events before the last).</summary>
    public static IReadOnlyList<BackfillProgressEvent> Batches(IReadOnlyList<TimedRunnerEvent> events)
        => events.Select(e => e.Event).OfType<BackfillProgressEvent>().Where(e => !e.Finished).ToList();

    /// <summary>The batches of a backfill with their spans; the first batch (its span would include counting the rows) is left out.</summary>
    public static IReadOnlyList<BatchSpan> BatchSpans(IReadOnlyList<TimedRunnerEvent> events)
    {
        var reports = events.Where(e => e.Event is BackfillProgressEvent { Finished: false }).ToList();
        return reports.Zip(reports.Skip(1), (before, after) => new BatchSpan(
            before.At, after.At, ((BackfillProgressEvent)after.Event).RowsDone - ((BackfillProgressEvent)before.Event).RowsDone)).ToList();
    }

    /// <summary>The runner's waits for a quiet moment before a DDL statement (another session held a conflicting lock).</summary>
    public static IReadOnlyList<WaitEvent> LockWaits(BenchmarkResult result)
        => result.Staged.RunnerEvents.Select(e => e.Event).OfType<WaitEvent>().ToList();

    /// <summary>The lock-timeout retries the runner made.</summary>
    public static IReadOnlyList<RetryEvent> Retries(BenchmarkResult result)
        => result.Staged.RunnerEvents.Select(e => e.Event).OfType<RetryEvent>().ToList();

    /// <summary>The runner's per-migration steps that finished, with their times.</summary>
    public static IReadOnlyList<StepEvent> Steps(BenchmarkResult result)
        => result.Staged.RunnerEvents.Select(e => e.Event).OfType<StepEvent>().Where(e => e.Status == "done").ToList();

    /// <summary>Seconds the staged Backfill spent after its last batch (validating the foreign key, recording).</summary>
    public static double? AfterLastBatch(BenchmarkResult result)
    {
        var events = result.Staged.RunnerEvents;
        var finished = events.FirstOrDefault(e => e.Event is BackfillProgressEvent { Finished: true });
        var done = events.FirstOrDefault(e => e.Event is StepEvent { Phase: MigrationPhase.Backfill, Status: "done" });
        return finished != null && done != null ? Timestamps.Seconds(finished.At, done.At) : null;
    }

    /// <summary><paramref name="a"/> / <paramref name="b"/>, or null when <paramref name="b"/> is zero.</summary>
    public static double? Ratio(double a, double b) => b > 0 ? a / b : null;
}
