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
/// runner's default settings and nothing else running on the copies.
/// </summary>
public static class UnloadedScenario
{
    /// <summary>Runs both: the single UPDATE on <paramref name="expanded"/>, the staged Backfill on <paramref name="unloaded"/>.</summary>
    public static async Task<UnloadedRun> RunAsync(string expanded, string unloaded, Action<string> print)
    {
        var settings = new RunnerSettings();
        var quiet = new RunnerEventLog(_ => { });
        await StagedScenario.RunPhaseAsync(expanded, RunnerCommand.Phase, MigrationPhase.Expand, settings, quiet).ConfigureAwait(false);
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

        var events = new RunnerEventLog(print);
        await StagedScenario.RunPhaseAsync(unloaded, RunnerCommand.Phase, MigrationPhase.Expand, settings, events).ConfigureAwait(false);
        await StagedScenario.RunPhaseAsync(unloaded, RunnerCommand.Phase, MigrationPhase.Backfill, settings, events).ConfigureAwait(false);
        return new UnloadedRun(rows, seconds, events.All);
    }
}
