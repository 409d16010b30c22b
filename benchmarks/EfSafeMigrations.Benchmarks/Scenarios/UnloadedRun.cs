using EfSafeMigrations.Benchmarks.Staged;

namespace EfSafeMigrations.Benchmarks.Scenarios;

/// <summary>
/// The copies with no writers: the single UPDATE after the staged Expand, and the staged Backfill, in rounds; the
/// figures and events are the median round's (by the ratio of the two).
/// </summary>
/// <param name="ExpandedUpdateRows">Rows the median round's single UPDATE changed.</param>
/// <param name="ExpandedUpdateSeconds">How long it took.</param>
/// <param name="RunnerEvents">The median round's runner events on its unloaded copy (Expand, then Backfill).</param>
/// <param name="Rounds">Every round, in order.</param>
/// <param name="MedianRound">The number of the round the figures are from.</param>
public sealed record UnloadedRun(
    long ExpandedUpdateRows, double ExpandedUpdateSeconds, IReadOnlyList<TimedRunnerEvent> RunnerEvents, IReadOnlyList<UnloadedRound> Rounds, int MedianRound);
