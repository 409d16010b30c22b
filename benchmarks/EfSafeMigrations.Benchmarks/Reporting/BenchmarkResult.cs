using EfSafeMigrations.Benchmarks.Checks;
using EfSafeMigrations.Benchmarks.Scenarios;
using EfSafeMigrations.Benchmarks.Setup;

namespace EfSafeMigrations.Benchmarks.Reporting;

/// <summary>Everything one run measured and checked.</summary>
public sealed record BenchmarkResult
{
    /// <summary>The command line.</summary>
    public required BenchmarkOptions Options { get; init; }

    /// <summary>The machine.</summary>
    public required MachineInfo Machine { get; init; }

    /// <summary>When the run started (local time).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The load average when the run started (from /proc/loadavg).</summary>
    public required string LoadBefore { get; init; }

    /// <summary>The load average when the run ended.</summary>
    public required string LoadAfter { get; init; }

    /// <summary>The databases, with the setup's timings and the server's facts.</summary>
    public required BenchDatabases Databases { get; init; }

    /// <summary>The single UPDATE on the baseline copy.</summary>
    public required ScenarioRun Baseline { get; init; }

    /// <summary>The copies with no writers: the single UPDATE after Expand, the staged Backfill.</summary>
    public required UnloadedRun Unloaded { get; init; }

    /// <summary>The plain migration.</summary>
    public required ScenarioRun Plain { get; init; }

    /// <summary>The staged phases.</summary>
    public required ScenarioRun Staged { get; init; }

    /// <summary>Where the final schemas of the plain and the staged copy differ (empty when equal).</summary>
    public required IReadOnlyList<string> SchemaDifferences { get; init; }

    /// <summary>The rows of each copy afterwards, by scenario key.</summary>
    public required IReadOnlyDictionary<string, DataCheck> Data { get; init; }

    /// <summary>How long each part of the run took, in order.</summary>
    public required IReadOnlyList<(string Part, double Seconds)> Parts { get; init; }

    /// <summary>The three scenarios in the order they ran.</summary>
    public IReadOnlyList<ScenarioRun> Scenarios => [Baseline, Plain, Staged];
}
