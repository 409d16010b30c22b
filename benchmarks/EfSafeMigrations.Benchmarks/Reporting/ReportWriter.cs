using System.Globalization;
using System.Text;
using EfSafeMigrations.Benchmarks.Load;
using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Benchmarks.Model;
using EfSafeMigrations.Benchmarks.Scenarios;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Benchmarks.Reporting;

/// <summary>Writes report.md: the run's conditions and timings, the writers' experience per phase, the backfill rates and the ratios.</summary>
public static class ReportWriter
{
    /// <summary>The report's file name.</summary>
    public const string FileName = "report.md";

    /// <summary>The report's text.</summary>
    public static string Render(BenchmarkResult result, string? plotProblem)
    {
        var o = result.Options;
        var m = result.Machine;
        var db = result.Databases;
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        void Raw(string line = "") => text.AppendLine(line);

        Raw("# Zero-downtime benchmark: plain EF Core migration vs staged phases");
        Raw();
        Line($"Run of {result.StartedAt:yyyy-MM-dd HH:mm} (UTC{result.StartedAt:zzz}) on **{m.Cores} cores** ({m.Cpu}), {m.Memory} RAM, {m.OperatingSystem}, {m.Runtime}.");
        Line($"Load average (1, 5, 15 min) before the run: {result.LoadBefore}; after it: {result.LoadAfter}. Other work on the machine shows up as latency outliers in every phase, quiet ones too.");
        Line($"Table `Accounts` with **{o.Rows:N0} rows** ({db.TableSize} with its primary key), **{o.Writers} writers**, writer command timeout {o.WriterTimeoutSeconds} s.");
        Line($"Server: {ShortVersion(db.ServerVersion)}, a throwaway local server ({db.ServerSettings}). Library: EfSafeMigrations {o.Revision ?? "(revision not given)"}, EF Core {typeof(Microsoft.EntityFrameworkCore.DbContext).Assembly.GetName().Version?.ToString(3)}, Npgsql {typeof(Npgsql.NpgsqlConnection).Assembly.GetName().Version?.ToString(3)}.");
        Raw();
        Line($"**Timings of this run:** {Duration(result.Parts.Sum(p => p.Seconds))} in all: {string.Join(", ", result.Parts.Select(p => $"{p.Part} {Duration(p.Seconds)}"))}.");
        Raw("All copies were made from one seed (`CREATE DATABASE ... TEMPLATE`), so they hold the same data. Absolute times");
        Raw("depend on the machine; the comparisons below are ratios measured in this same run.");
        Raw();

        Raw("## The change");
        Raw();
        Raw("The same model change on `Accounts`: a new required column `Label` computed from another column");
        Line($"(`{BenchTable.LabelSql}`), a new index `{BenchTable.RegionIndex}` and a new foreign key `{BenchTable.RegionForeignKey}` to `Regions` ({o.Regions} rows), the column NOT NULL in the end.");
        Raw();
        Raw("| copy | how it is applied |");
        Raw("|---|---|");
        Raw("| baseline | one `UPDATE \"Accounts\" SET \"Label\" = upper(\"Name\")` on a copy that already has the nullable column, the index and the foreign key NOT VALID (the shape the staged table has during its backfill, without the staged trigger) |");
        Raw("| expanded | no writers: the staged Expand with the runner, then the same single `UPDATE` (so the Expand trigger fires on every row, as it does on the backfill's rows) |");
        Raw("| unloaded | no writers: the staged Expand, then the staged Backfill, with the runner's default settings |");
        Raw("| plain | the EF Core migration `dotnet ef migrations add` writes (`AddColumn` NOT NULL with EF's default `''`, the `UPDATE` a developer adds, `CreateIndex`, `AddForeignKey`), applied by EF Core's `IMigrator` on a context without `UseSafeMigrations()`: one transaction |");
        Raw("| staged | the staged group the library writes for it (Expand: column nullable + computing trigger, index `CONCURRENTLY`, FK `NOT VALID`; Backfill: keyset batches, `VALIDATE`; Contract: CHECK `NOT VALID` + `VALIDATE` + `SET NOT NULL`, EF's default, trigger dropped), applied by `SafeMigrationRunner` in-process with its default settings (lock timeout 500 ms, batches sized to stay under 200 ms) |");
        Raw();
        Line($"The writers are the application: each is a thread with its own connection making blocking calls, and runs one-row transactions in a loop on random existing keys (50% `UPDATE` of `Balance`, 30% `SELECT`, 20% `INSERT` of a new row), pausing {o.ThinkMs} ms between two, and records every transaction's start, end and outcome. (Without the pause, writers and server saturate a 2-core machine by themselves, and the scheduler then leaves single writers waiting for up to seconds even with no migration running, which would drown what the migrations do; `--think-ms 0` runs them back to back.) They are the old application version (they do not know `Label`) until the staged run rolls out the new version between Backfill and Contract, the deploy order. Each copy has {o.QuietSeconds:0.#} s of load before and after its migration; the staged phases are {o.PauseSeconds:0.#} s apart. A transaction counts in every phase it overlaps (it was running at some moment of the phase, so a transaction that started just before a lock was taken and waited for it counts there); \"no migration running\" counts those that overlap no phase.");
        Raw();

        Raw("## Writers per phase");
        Raw();
        Raw("| copy | phase | wall time | transactions | tx/s | p50 | p99 | max latency | longest time with no commit | failed |");
        Raw("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in result.Scenarios)
        {
            Row(text, run.Key, "no migration running", run.QuietStats, null);
            foreach (var phase in run.Phases)
            {
                Row(text, run.Key, $"**{phase.Name}**", run.StatsOf(phase), phase.Seconds);
            }

            if (run.Phases.Count > 1)
            {
                Row(text, run.Key, "**all phases**", run.AllPhases, run.Phases.Sum(p => p.Seconds));
            }
        }

        Raw();
        var plain = result.Plain.AllPhases;
        var staged = result.Staged.AllPhases;
        Raw("CPU while each copy ran, as shares of the whole machine (all cores):");
        Raw();
        Raw("| copy | busy | benchmark process (writers, migrator or runner) | PostgreSQL | other work on the machine |");
        Raw("|---|---:|---:|---:|---:|");
        foreach (var run in result.Scenarios)
        {
            Line($"| {run.Key} | {Percent(run.Cpu?.Busy)} | {Percent(run.Cpu?.Own)} | {Percent(run.Cpu?.Server)} | {Percent(run.Cpu?.Other)} |");
        }

        Raw();
        Raw("## Plain vs staged");
        Raw();
        Raw("| | plain migration | staged phases | plain / staged |");
        Raw("|---|---:|---:|---:|");
        Line($"| writers' max latency | {Ms(plain.MaxMs)} | {Ms(staged.MaxMs)} | {Times(Metrics.Ratio(plain.MaxMs, staged.MaxMs))} |");
        Line($"| writers' p99 latency | {Ms(plain.P99Ms)} | {Ms(staged.P99Ms)} | {Times(Metrics.Ratio(plain.P99Ms, staged.P99Ms))} |");
        Line($"| longest time with no commit | {Ms(plain.LongestSilenceMs)} | {Ms(staged.LongestSilenceMs)} | {Times(Metrics.Ratio(plain.LongestSilenceMs, staged.LongestSilenceMs))} |");
        Line($"| failed writer transactions | {plain.Failed} | {staged.Failed} | |");
        Line($"| writer tx/s during the migration, as a share of tx/s with none running | {Percent(Metrics.Ratio(plain.PerSecond, result.Plain.QuietStats.PerSecond))} | {Percent(Metrics.Ratio(staged.PerSecond, result.Staged.QuietStats.PerSecond))} | |");
        var plainSeconds = result.Plain.Phases.Sum(p => p.Seconds);
        var stagedSeconds = result.Staged.Phases.Sum(p => p.Seconds);
        Line($"| wall time of the migration (staged: its three phases, pauses left out) | {Seconds(plainSeconds)} | {Seconds(stagedSeconds)} | {Times(Metrics.Ratio(plainSeconds, stagedSeconds))} |");
        Raw();

        Raw("## Backfill rate");
        Raw();
        var single = Metrics.SingleUpdate(result);
        var expanded = Metrics.ExpandedUpdate(result);
        Raw("| how the column was filled | rows | seconds | rows/s | vs the single `UPDATE` | vs the single `UPDATE` after Expand |");
        Raw("|---|---:|---:|---:|---:|---:|");
        foreach (var rate in Metrics.Rates(result))
        {
            Line($"| {rate.What} | {rate.Rows:N0} | {rate.Seconds:0.00} | {rate.RowsPerSecond:N0} | {Times(Metrics.Ratio(rate.RowsPerSecond, single.RowsPerSecond))} | {Times(Metrics.Ratio(rate.RowsPerSecond, expanded.RowsPerSecond))} |");
        }

        Raw();
        Raw("The single `UPDATE` and the plain migration's `UPDATE` run while the writers wait on their row or table locks, so they");
        Raw("have the machine to themselves; the copies `expanded` and `unloaded` have no writers at all; the staged backfill of the");
        Raw("`staged` copy shares the machine with the writers. The staged backfill's rows fire the Expand trigger, as they do in the");
        Raw("single `UPDATE` after Expand: PostgreSQL locks each row (a WAL record) before any BEFORE UPDATE row trigger runs, whatever");
        Raw("the trigger does. The plain migration's `UPDATE` runs before its `CREATE INDEX`, so it maintains one index fewer than");
        Raw("the others. A staged time runs from the Backfill phase's start (it counts the rows first) to its last batch.");
        Raw();
        UnloadedRounds(result.Unloaded, Line, Raw);

        Goals(result, Line, Raw);
        RunnerDetails(result, Line, Raw);
        BatchReport.Render(result, new RunnerSettings().TargetBatchTime, Line, Raw);
        LockReport.Render(result.Staged, Line, Raw);
        PlannedSql(result, Raw);
        PlainDetails(result, Line, Raw);
        Checks(result, Line, Raw);
        Failures(result, Line, Raw);

        Raw("## Latency over time");
        Raw();
        if (plotProblem == null)
        {
            Raw($"![Writer latency over time, phases shaded]({PlotWriter.Picture})");
        }
        else
        {
            Raw($"The picture was not drawn: {plotProblem}.");
        }

        Raw();
        Line($"Per {PlotWriter.Slice:0.0} s slice of each copy's run: the writers' maximum (red points) and median (blue line) latency of the transactions that started in it, on a log scale; committed transactions per second (grey, right axis); slices with failed transactions (black crosses). The shaded bands are the migration's phases; the dashed line is the roll-out of the new application version. The data is in `latency-*.dat`, the script in `latency.gp`.");
        Raw();

        Raw("## Reproduce");
        Raw();
        Raw("```bash");
        Raw("bash benchmarks/run.sh                  # 1,000,000 rows, 4 writers: a few minutes on 2 cores");
        Raw("bash benchmarks/run.sh --rows 5000000   # the large run");
        Raw("```");
        Raw();
        Line($"This run: `--rows {o.Rows} --writers {o.Writers} --think-ms {o.ThinkMs} --writer-timeout {o.WriterTimeoutSeconds} --quiet {o.QuietSeconds:0.#} --pause {o.PauseSeconds:0.#}`.");
        return text.ToString();
    }

    private static void RunnerDetails(BenchmarkResult result, Action<FormattableString> line, Action<string> raw)
    {
        raw("## Staged run, as the runner reported it");
        raw("");
        raw("| migration | seconds |");
        raw("|---|---:|");
        foreach (var step in Metrics.Steps(result))
        {
            line($"| {step.MigrationId} | {step.Seconds:0.00} |");
        }

        raw("");
        foreach (var (copy, events) in new[] { ("staged", result.Staged.RunnerEvents), ("unloaded", result.Unloaded.RunnerEvents) })
        {
            var batches = Metrics.Batches(events);
            if (batches.Count > 0)
            {
                line($"Backfill of the {copy} copy: {batches.Count} batches, batch size from {batches.Min(b => b.BatchSize):N0} to {batches.Max(b => b.BatchSize):N0} rows, {batches.Sum(b => (double)b.BatchSize) / batches.Count:N0} on average (sized to stay under 200 ms per batch).");
            }
        }

        line($"Staged copy: {Metrics.AfterLastBatch(result):0.00} s after the last batch for `VALIDATE CONSTRAINT` and bookkeeping.");
        var retries = Metrics.Retries(result);
        line($"Lock-timeout retries: {retries.Count}{(retries.Count > 0 ? ": " + string.Join("; ", retries.Select(r => $"{r.MigrationId} attempt {r.Attempt} ({r.Reason})")) : string.Empty)}.");
        var waits = Metrics.LockWaits(result);
        line($"Waits outside the lock queue before a DDL statement (another session held a conflicting lock): {waits.Count} reports{(waits.Count > 0 ? ", the longest after " + waits.Max(w => w.Seconds).ToString("0.0", CultureInfo.InvariantCulture) + " s" : string.Empty)}.");
        foreach (var wait in waits.GroupBy(w => w.Reason).Select(g => g.Key).Take(10))
        {
            line($"- {wait}");
        }

        foreach (var message in result.Staged.RunnerEvents.Select(e => e.Event).OfType<MessageEvent>().Where(m => m.Text.Contains("autovacuum", StringComparison.Ordinal)))
        {
            line($"- {message.Text}");
        }

        raw("");
    }

    private static void Goals(BenchmarkResult result, Action<FormattableString> line, Action<string> raw)
    {
        var staged = result.Staged;
        var quiet = staged.QuietStats;
        raw("## Goals (issue 12), as ratios of this run");
        raw("");
        raw("| goal | measured | bar | met |");
        raw("|---|---:|---:|---|");
        foreach (var phase in staged.Phases)
        {
            var stats = staged.StatsOf(phase);
            line($"| writers' max latency during {phase.Name} | {Ms(stats.MaxMs)} | 250 ms | {Met(stats.MaxMs <= 250)} |");
            line($"| writers' p99 during {phase.Name} vs with no migration running ({Ms(quiet.P99Ms)}) | {Times(Metrics.Ratio(stats.P99Ms, quiet.P99Ms))} | 2× | {Met(stats.P99Ms <= 2 * quiet.P99Ms)} |");
        }

        var single = Metrics.SingleUpdate(result);
        var expanded = Metrics.ExpandedUpdate(result);
        if (Metrics.UnloadedBackfill(result) is { } unloaded)
        {
            line($"| staged Backfill with no writers vs the single `UPDATE` | {Times(Metrics.Ratio(unloaded.RowsPerSecond, single.RowsPerSecond))} | 0.9× | {Met(unloaded.RowsPerSecond >= 0.9 * single.RowsPerSecond)} |");
            line($"| staged Backfill with no writers vs the single `UPDATE` after Expand | {Times(Metrics.Ratio(unloaded.RowsPerSecond, expanded.RowsPerSecond))} | 0.9× | {Met(unloaded.RowsPerSecond >= 0.9 * expanded.RowsPerSecond)} |");
        }

        if (Metrics.StagedBackfill(result) is { } loaded)
        {
            line($"| staged Backfill with writers running vs the single `UPDATE` (reported, no bar) | {Times(Metrics.Ratio(loaded.RowsPerSecond, single.RowsPerSecond))} | | |");
        }

        raw("");
    }

    private static string Met(bool met) => met ? "yes" : "**no**";

    private static void UnloadedRounds(UnloadedRun unloaded, Action<FormattableString> line, Action<string> raw)
    {
        raw($"The copies with no writers ran in {unloaded.Rounds.Count} rounds, each on fresh copies, the order alternating; the figures above and below are those of round {unloaded.MedianRound}, the median:");
        raw("");
        raw("| round | first | single `UPDATE` after Expand, rows/s | staged Backfill, rows/s | Backfill / `UPDATE` |");
        raw("|---:|---|---:|---:|---:|");
        foreach (var round in unloaded.Rounds)
        {
            line($"| {round.Round}{(round.Round == unloaded.MedianRound ? " (median)" : string.Empty)} | {(round.BackfillFirst ? "Backfill" : "`UPDATE`")} | {round.UpdateRows / round.UpdateSeconds:N0} | {round.BackfillRows / round.BackfillSeconds:N0} | {round.Ratio:0.00}× |");
        }

        raw("");
    }

    private static void PlannedSql(BenchmarkResult result, Action<string> raw)
    {
        if (result.Staged.PlannedSql.Count == 0)
        {
            return;
        }

        raw("The SQL of each phase, as the runner's plan gave it before the run:");
        raw("");
        foreach (var migration in result.Staged.PlannedSql)
        {
            raw($"<details><summary>{migration.MigrationId}</summary>");
            raw("");
            raw("```sql");
            raw(migration.Sql.Trim());
            raw("```");
            raw("");
            raw("</details>");
            raw("");
        }

        // An UPDATE ... WHERE c IS NULL after the column's SET NOT NULL fills nothing, but scans the whole table
        // in one statement while the ALTER TABLE's ACCESS EXCLUSIVE lock is held.
        foreach (var migration in result.Staged.PlannedSql)
        {
            var lines = migration.Sql.Split('\n').Select(l => l.Trim()).ToList();
            foreach (var (update, at) in lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("UPDATE ", StringComparison.Ordinal) && x.l.EndsWith(" IS NULL;", StringComparison.Ordinal)))
            {
                var column = update[(update.LastIndexOf(" WHERE ", StringComparison.Ordinal) + 7)..^" IS NULL;".Length];
                if (!lines.Take(at).Any(l => l.EndsWith($"ALTER COLUMN {column} SET NOT NULL;", StringComparison.Ordinal)))
                {
                    continue;
                }

                raw($"**Note:** {migration.MigrationId} runs `{update}` outside the batched backfill. It comes after `ALTER TABLE` statements in the same transaction, so it scans the whole table while their `ACCESS EXCLUSIVE` lock is held, and every writer waits for the scan (see that phase's longest time with no commit above). It fills nothing here: `SET NOT NULL` has already been proven by the validated check.");
                raw("");
            }
        }
    }

    private static void PlainDetails(BenchmarkResult result, Action<FormattableString> line, Action<string> raw)
    {
        raw("## Plain run, statement by statement");
        raw("");
        raw("Inside EF Core's migration transaction; from `ALTER TABLE` on, the table is locked for everyone until the commit.");
        raw("");
        raw("| statement (first line) | seconds | rows |");
        raw("|---|---:|---:|");
        foreach (var command in result.Plain.Commands)
        {
            line($"| `{command.Text.Replace("|", "\\|", StringComparison.Ordinal)}` | {Timestamps.Seconds(command.Start, command.End):0.000} | {(command.Rows >= 0 ? command.Rows.ToString("N0", CultureInfo.InvariantCulture) : "")} |");
        }

        raw("");
    }

    private static void Checks(BenchmarkResult result, Action<FormattableString> line, Action<string> raw)
    {
        raw("## Checks");
        raw("");
        raw(result.SchemaDifferences.Count == 0
            ? "- The final schemas of the plain and the staged copy are equal (columns, defaults, NOT NULL, indexes and their validity, constraints and their validation, triggers, functions)."
            : "- **The final schemas of the plain and the staged copy differ:** " + string.Join("; ", result.SchemaDifferences.Select(d => $"`{d}`")));
        foreach (var (key, data) in result.Data)
        {
            line($"- {key}: {data.Rows:N0} rows ({data.Inserted:N0} inserted by the writers), {data.NullLabel:N0} with `Label` NULL, {data.WrongLabel:N0} with a `Label` other than `{BenchTable.LabelSql}`.");
        }

        raw("");
        raw("In the plain copy, rows the old application version inserted after the migration's commit get EF Core's default `''`");
        raw("(the old version does not know the column); the staged Expand trigger computes the value for them. In the baseline copy");
        raw("(no trigger, no default) such rows keep `Label` NULL.");
        raw("");
    }

    private static void Failures(BenchmarkResult result, Action<FormattableString> line, Action<string> raw)
    {
        raw("## Failed writer transactions");
        raw("");
        var any = false;
        foreach (var run in result.Scenarios)
        {
            foreach (var group in run.Failures.GroupBy(f => (Phase: PhaseOf(run, f), f.Op, f.Reason)).OrderBy(g => g.Key.Phase, StringComparer.Ordinal))
            {
                line($"- {run.Key}, {group.Key.Phase}, {group.Key.Op}: {group.Count()} × {group.Key.Reason}");
                any = true;
            }
        }

        if (!any)
        {
            raw("None: every writer transaction of the run committed.");
        }

        raw("");
    }

    private static string PhaseOf(ScenarioRun run, WriterFailure failure)
        => run.Phases.FirstOrDefault(p => failure.Start < p.End && failure.End > p.Start)?.Name ?? "no migration running";

    private static void Row(StringBuilder text, string key, string phase, LatencyStats stats, double? seconds)
        => text.AppendLine(FormattableString.Invariant(
            $"| {key} | {phase} | {(seconds is { } s ? Seconds(s) : "")} | {stats.Transactions:N0} | {stats.PerSecond:N0} | {Ms(stats.P50Ms)} | {Ms(stats.P99Ms)} | {Ms(stats.MaxMs)} | {Ms(stats.LongestSilenceMs)} | {stats.Failed} |"));

    private static string Ms(double ms) => ms >= 1000
        ? (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s"
        : ms.ToString(ms >= 10 ? "0" : "0.00", CultureInfo.InvariantCulture) + " ms";

    private static string Seconds(double seconds) => seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    private static string Duration(double seconds) => seconds >= 60
        ? FormattableString.Invariant($"{(int)(seconds / 60)} min {seconds % 60:0} s")
        : FormattableString.Invariant($"{seconds:0.0} s");

    private static string Times(double? ratio) => ratio is { } r ? r.ToString(r >= 10 ? "0" : "0.00", CultureInfo.InvariantCulture) + "×" : "n/a";

    private static string Percent(double? ratio) => ratio is { } r ? (r * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string ShortVersion(string version) => version.Split(" on ", 2)[0];
}
