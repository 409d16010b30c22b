using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Benchmarks.Model;
using EfSafeMigrations.Benchmarks.Setup;
using EfSafeMigrations.Benchmarks.Staged;
using EfSafeMigrations.Running.Protocol;
using Npgsql;

namespace EfSafeMigrations.Benchmarks.Scenarios;

/// <summary>
/// The backfill with no writers, beside the single UPDATE: the staged Expand then Backfill on one copy, and the
/// staged Expand then one big UPDATE on another (the same table shape, the Expand trigger included), both with the
/// runner's default settings and nothing else running on the copies. One measurement of each moves by 10% or more
/// from run to run on a small machine, so it runs in rounds on fresh copies, in alternating order, and keeps the median.
/// </summary>
public static class UnloadedScenario
{
    /// <summary>Runs a round per pair of copies; each round's copies but the first's are dropped once measured.</summary>
    public static async Task<UnloadedRun> RunAsync(BenchDatabases databases, Action<string> print)
    {
        var rounds = new List<(UnloadedRound Round, IReadOnlyList<TimedRunnerEvent> Events)>();
        foreach (var (pair, index) in databases.UnloadedPairs.Select((pair, index) => (pair, index)))
        {
            var backfillFirst = index % 2 == 1;
            var update = default((long Rows, double Seconds));
            IReadOnlyList<TimedRunnerEvent> events = [];
            if (backfillFirst)
            {
                events = await BackfillAsync(databases, pair.Unloaded, print).ConfigureAwait(false);
                update = await SingleUpdateAsync(databases, pair.Expanded, print).ConfigureAwait(false);
            }
            else
            {
                update = await SingleUpdateAsync(databases, pair.Expanded, print).ConfigureAwait(false);
                events = await BackfillAsync(databases, pair.Unloaded, print).ConfigureAwait(false);
            }

            var backfill = Reporting.Metrics.BackfillOf(events, "staged Backfill")
                ?? throw new BenchmarkException("The staged Backfill on a copy with no writers reported no finished backfill.");
            var round = new UnloadedRound(index + 1, backfillFirst, update.Rows, update.Seconds, backfill.Rows, backfill.Seconds);
            print(FormattableString.Invariant($"  round {round.Round}: staged Backfill {round.Ratio:0.00}x the single UPDATE after Expand"));
            rounds.Add((round, events));
            if (index > 0)
            {
                await databases.DropCopyAsync(pair.Expanded).ConfigureAwait(false);
                await databases.DropCopyAsync(pair.Unloaded).ConfigureAwait(false);
            }
            else
            {
                await BenchDatabases.VacuumAsync(pair.Unloaded).ConfigureAwait(false);
            }
        }

        var median = rounds.OrderBy(r => r.Round.Ratio).ElementAt((rounds.Count - 1) / 2);
        return new UnloadedRun(median.Round.UpdateRows, median.Round.UpdateSeconds, median.Events, rounds.Select(r => r.Round).ToList(), median.Round.Round);
    }

    private static async Task<(long Rows, double Seconds)> SingleUpdateAsync(BenchDatabases databases, string expanded, Action<string> print)
    {
        await StagedScenario.RunPhaseAsync(expanded, RunnerCommand.Phase, MigrationPhase.Expand, new RunnerSettings(), new RunnerEventLog(_ => { })).ConfigureAwait(false);
        await databases.CheckpointAsync().ConfigureAwait(false);
        long rows;
        double seconds;
        await using (var connection = new NpgsqlConnection(expanded))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand(BenchTable.SingleUpdateSql, connection) { CommandTimeout = 0 };
            var start = Timestamps.Now;
            rows = await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            seconds = Timestamps.Seconds(start, Timestamps.Now);
        }

        print(FormattableString.Invariant($"  single UPDATE after Expand: {rows:N0} rows in {seconds:0.00} s"));
        await BenchDatabases.VacuumAsync(expanded).ConfigureAwait(false);
        return (rows, seconds);
    }

    private static async Task<IReadOnlyList<TimedRunnerEvent>> BackfillAsync(BenchDatabases databases, string unloaded, Action<string> print)
    {
        var settings = new RunnerSettings();
        var events = new RunnerEventLog(print);
        await StagedScenario.RunPhaseAsync(unloaded, RunnerCommand.Phase, MigrationPhase.Expand, settings, events).ConfigureAwait(false);
        await databases.CheckpointAsync().ConfigureAwait(false);
        await StagedScenario.RunPhaseAsync(unloaded, RunnerCommand.Phase, MigrationPhase.Backfill, settings, events).ConfigureAwait(false);
        return events.All;
    }
}
