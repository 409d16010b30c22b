using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Benchmarks.Staged;

/// <summary>A runner event and when it arrived (timestamp).</summary>
public sealed record TimedRunnerEvent(long At, RunnerEvent Event);
