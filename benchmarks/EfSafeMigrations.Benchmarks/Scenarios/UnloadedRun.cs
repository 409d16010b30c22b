using EfSafeMigrations.Benchmarks.Staged;

namespace EfSafeMigrations.Benchmarks.Scenarios;

/// <summary>The copies with no writers: the single UPDATE after the staged Expand, and the staged Backfill.</summary>
/// <param name="ExpandedUpdateRows">Rows the single UPDATE on the expanded copy changed.</param>
/// <param name="ExpandedUpdateSeconds">How long it took.</param>
/// <param name="RunnerEvents">The runner's events on the unloaded copy (Expand, then Backfill).</param>
public sealed record UnloadedRun(long ExpandedUpdateRows, double ExpandedUpdateSeconds, IReadOnlyList<TimedRunnerEvent> RunnerEvents);
