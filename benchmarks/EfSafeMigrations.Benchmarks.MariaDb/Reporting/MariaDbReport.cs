using System.Globalization;
using System.Text;
using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Benchmarks.MariaDb.Model;
using EfSafeMigrations.Benchmarks.MariaDb.Scenarios;
using EfSafeMigrations.Running.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EfSafeMigrations.Benchmarks.MariaDb.Reporting;

/// <summary>Writes the MariaDB benchmark's report: every figure next to the baseline measured in the same run.</summary>
public static class MariaDbReport
{
    /// <summary>The report's file name in the output folder.</summary>
    public const string FileName = "report-mariadb.md";

    /// <summary>The report as markdown.</summary>
    public static string Render(MariaDbResult r)
    {
        var o = new StringBuilder();
        void Line(FormattableString text) => o.AppendLine(text.ToString(CultureInfo.InvariantCulture));

        Line($"# Zero-downtime benchmark on MariaDB: plain EF Core migration (Pomelo) vs staged phases");
        Line($"");
        Line($"Run of {r.StartedAt:yyyy-MM-dd HH:mm} (UTC{r.StartedAt:zzz}) on **{r.Machine.Cores} cores** ({r.Machine.Cpu}), {r.Machine.Memory} RAM, {r.Machine.OperatingSystem}, {r.Machine.Runtime}.");
        Line($"Load average (1, 5, 15 min) before the run: {r.LoadBefore}; after it: {r.LoadAfter}. Other work on the machine shows up as latency outliers in every phase, quiet ones too.");
        Line($"Table `Accounts` with **{r.Options.Rows:N0} rows** ({r.TableBytes / 1024.0 / 1024.0:0} MB with its primary key), **{r.Options.Writers} writers** pausing {r.Options.ThinkMs} ms, writer command timeout {r.Options.WriterTimeoutSeconds} s.");
        Line($"Server: MariaDB {r.Server}, a throwaway local server. Library: EfSafeMigrations {r.Options.Revision}, EF Core {Version(typeof(DbContext))}, Pomelo {Version(typeof(MySqlDbContextOptionsBuilder))}.");
        Line($"");
        Line($"**Timings of this run:** {r.Parts.Sum(p => p.Seconds):0.0} s in all: {string.Join(", ", r.Parts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Part} {p.Seconds:0.0} s")))}.");
        Line($"The three copies were each seeded with the same rows. Absolute times depend on the machine; the comparisons below are ratios measured in this same run.");
        Line($"");
        Line($"## The change");
        Line($"");
        Line($"On `Accounts`: a new required column `Label` computed from `Name` ({Code(BenchModel.LabelSql)}), a new index `{BenchModel.RegionIndex}` and a new foreign key `{BenchModel.RegionForeignKey}` to `Regions` ({BenchModel.RegionCount} rows).");
        Line($"");
        Line($"| copy | how it is applied |");
        Line($"|---|---|");
        Line($"| baseline | one {Code(BenchModel.SingleUpdateSql)} on a copy that already has the nullable column, the index and the foreign key (the shape the staged table has during its backfill, without the trigger) |");
        Line($"| plain | the migration `dotnet ef migrations add` 9.0.23 writes for Pomelo (`AddColumn` NOT NULL with EF's default `''`, then the `UPDATE` a developer adds, `CreateIndex`, `AddForeignKey`), applied by EF Core's `IMigrator` on a context without `UseSafeMigrations()` |");
        Line($"| staged | the staged group EfSafeMigrations writes for it through `dotnet ef` (Expand: column nullable, BEFORE UPDATE and BEFORE INSERT triggers computing it, the index in place with `LOCK=NONE`, the foreign key added with `foreign_key_checks` off for that statement and its orphans counted; Backfill: keyset batches; Contract: NOT NULL in place, EF's default, triggers dropped), applied by `SafeMigrationRunner` in-process with its default settings (lock timeout 500 ms, batches adapting to 200 ms) |");
        Line($"");
        Line($"The writers are the application: threads with their own connections running one-row transactions on random existing keys (50% `UPDATE` of `Balance`, 30% `SELECT`, 20% `INSERT`), as the old version (not knowing `Label`) until the staged run rolls out the new version between Backfill and Contract. Each copy has {r.Options.QuietSeconds:0.#} s of load before and after its migration; the staged phases are {r.Options.PauseSeconds:0.#} s apart. A transaction counts in every phase it overlaps; \"no migration running\" counts those that overlap no phase: it is each copy's baseline.");
        Line($"");
        Line($"## Writers per phase");
        Line($"");
        Line($"| copy | phase | wall time | transactions | tx/s | tx/s vs none running | p50 | p99 | max latency | longest time with no commit | failed |");
        Line($"|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in new[] { r.Baseline, r.Plain, r.Staged })
        {
            var quiet = run.QuietStats;
            Row(o, run.Key, "no migration running", null, quiet, quiet);
            foreach (var phase in run.Phases)
            {
                Row(o, run.Key, $"**{phase.Name}**", phase.Seconds, run.StatsOf(phase), quiet);
            }

            if (run.Phases.Count > 1)
            {
                Row(o, run.Key, "**all phases**", run.Phases.Sum(p => p.Seconds), run.AllPhases, quiet);
            }
        }

        var plain = r.Plain.AllPhases;
        var staged = r.Staged.AllPhases;
        Line($"");
        Line($"## Plain vs staged");
        Line($"");
        Line($"| | plain migration | staged phases | plain / staged |");
        Line($"|---|---:|---:|---:|");
        Line($"| writers' max latency | {Ms(plain.MaxMs)} | {Ms(staged.MaxMs)} | {Ratio(plain.MaxMs, staged.MaxMs)} |");
        Line($"| writers' p99 latency | {Ms(plain.P99Ms)} | {Ms(staged.P99Ms)} | {Ratio(plain.P99Ms, staged.P99Ms)} |");
        Line($"| longest time with no commit | {Ms(plain.LongestSilenceMs)} | {Ms(staged.LongestSilenceMs)} | {Ratio(plain.LongestSilenceMs, staged.LongestSilenceMs)} |");
        Line($"| failed writer transactions | {plain.Failed} | {staged.Failed} | |");
        Line($"| writer tx/s during the migration, as a share of tx/s with none running (each copy's own baseline) | {Share(plain.PerSecond, r.Plain.QuietStats.PerSecond)} | {Share(staged.PerSecond, r.Staged.QuietStats.PerSecond)} | |");
        Line($"| writers' max latency during the migration / with none running | {Ratio(plain.MaxMs, r.Plain.QuietStats.MaxMs)} | {Ratio(staged.MaxMs, r.Staged.QuietStats.MaxMs)} | |");
        Line($"| wall time of the migration (staged: its three phases, pauses left out) | {S(r.Plain.Phases.Sum(p => p.Seconds))} | {S(r.Staged.Phases.Sum(p => p.Seconds))} | {Ratio(r.Plain.Phases.Sum(p => p.Seconds), r.Staged.Phases.Sum(p => p.Seconds))} |");

        var single = r.Baseline.Phases.Single();
        var backfill = r.Staged.Phases.Single(p => p.Name == "backfill");
        var backfilled = r.Staged.RunnerEvents.Select(e => e.Event).OfType<BackfillProgressEvent>().Where(e => e.Finished).Sum(e => e.RowsDone);
        var singleRate = r.Baseline.RowsUpdated / single.Seconds;
        Line($"");
        Line($"## Backfill rate");
        Line($"");
        Line($"| how the column was filled | rows | seconds | rows/s | vs the single `UPDATE` |");
        Line($"|---|---:|---:|---:|---:|");
        Line($"| single `UPDATE` (baseline copy) | {r.Baseline.RowsUpdated:N0} | {single.Seconds:0.00} | {singleRate:N0} | 1.00× |");
        if (backfilled > 0)
        {
            Line($"| staged Backfill (keyset batches, writers running) | {backfilled:N0} | {backfill.Seconds:0.00} | {backfilled / backfill.Seconds:N0} | {backfilled / backfill.Seconds / singleRate:0.00}× |");
        }

        Line($"");
        Line($"The single `UPDATE` holds every row's lock until it commits, so the writers' updates wait for it; the staged backfill shares the machine with the writers, and every batched row also fires the Expand trigger.");
        Line($"");
        Line($"## Staged run, as the runner reported it");
        Line($"");
        Line($"| migration | seconds |");
        Line($"|---|---:|");
        foreach (var step in r.Staged.RunnerEvents.Select(e => e.Event).OfType<StepEvent>().Where(s => s.Seconds != null))
        {
            Line($"| {step.MigrationId} | {step.Seconds:0.00} |");
        }

        var batches = r.Staged.RunnerEvents.Select(e => e.Event).OfType<BackfillProgressEvent>().Where(e => !e.Finished).ToList();
        Line($"");
        Line($"Backfill: {batches.Count} progress reports, batch size from {(batches.Count == 0 ? 0 : batches.Min(b => b.BatchSize)):N0} to {(batches.Count == 0 ? 0 : batches.Max(b => b.BatchSize)):N0} rows. Lock-timeout retries: {r.Staged.RunnerEvents.Count(e => e.Event is RetryEvent)}.");
        Line($"");
        Line($"## Checks");
        Line($"");
        Line($"Final schemas of `Accounts` (columns with type, nullability and default, indexes, foreign keys, triggers, from `information_schema`): {(r.SchemaDifferences.Count == 0 ? "**plain and staged are equal**." : "they differ:")}");
        foreach (var difference in r.SchemaDifferences)
        {
            Line($"- {difference}");
        }

        Line($"");
        Line($"| copy | rows | inserted by the writers | `Label` NULL | `Label` not `UPPER(Name)` |");
        Line($"|---|---:|---:|---:|---:|");
        foreach (var (copy, data) in r.Data)
        {
            Line($"| {copy} | {data.Rows:N0} | {data.Inserted:N0} | {data.NullLabel:N0} | {data.WrongLabel:N0} |");
        }

        Line($"");
        Line($"On the plain copy the old version's inserts after the migration get EF's default `''` (it does not know `Label`), and the baseline copy's inserts after its `UPDATE` stay NULL: that is what those applications write, not a failure of the run. On the staged copy the trigger computes `Label` for the old version's inserts until Contract.");
        var failures = new[] { r.Baseline, r.Plain, r.Staged }.SelectMany(run => run.Failures.Select(f => (run.Key, f.Reason))).ToList();
        if (failures.Count > 0)
        {
            Line($"");
            Line($"Failed writer transactions, by reason:");
            foreach (var reason in failures.GroupBy(f => (f.Key, f.Reason)).OrderByDescending(g => g.Count()).Take(10))
            {
                Line($"- {reason.Key.Key}: {reason.Count()} × {reason.Key.Reason}");
            }
        }

        return o.ToString();
    }

    private static void Row(StringBuilder o, string copy, string phase, double? seconds, LatencyStats stats, LatencyStats quiet)
        => o.AppendLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {copy} | {phase} | {(seconds is { } s ? S(s) : string.Empty)} | {stats.Transactions:N0} | {stats.PerSecond:N0} | {Share(stats.PerSecond, quiet.PerSecond)} | {Ms(stats.P50Ms)} | {Ms(stats.P99Ms)} | {Ms(stats.MaxMs)} | {Ms(stats.LongestSilenceMs)} | {stats.Failed} |"));

    /// <summary>A code span for SQL that quotes its names in backquotes: two backquotes around it.</summary>
    private static string Code(string sql) => $"`` {sql} ``";

    private static string Version(Type type)
        => type.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "?";

    private static string Ms(double ms)
        => ms >= 1000 ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.00} s")
            : ms >= 10 ? string.Create(CultureInfo.InvariantCulture, $"{ms:0} ms")
            : string.Create(CultureInfo.InvariantCulture, $"{ms:0.00} ms");

    private static string S(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00} s");

    private static string Share(double part, double whole) => whole > 0 ? string.Create(CultureInfo.InvariantCulture, $"{part / whole:P0}") : "";

    private static string Ratio(double a, double b) => b > 0 ? string.Create(CultureInfo.InvariantCulture, $"{a / b:0.##}×") : "";
}
