using EfSafeMigrations.Benchmarks.MariaDb.Checks;
using EfSafeMigrations.Benchmarks.MariaDb.Scenarios;
using EfSafeMigrations.Benchmarks.Reporting;

namespace EfSafeMigrations.Benchmarks.MariaDb.Reporting;

/// <summary>Everything one run measured, for the report.</summary>
public sealed record MariaDbResult
{
    public required MariaDbBenchOptions Options { get; init; }

    public required MachineInfo Machine { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required string LoadBefore { get; init; }

    public required string LoadAfter { get; init; }

    public required string Server { get; init; }

    public required long TableBytes { get; init; }

    public required MariaDbScenarioRun Baseline { get; init; }

    public required MariaDbScenarioRun Plain { get; init; }

    public required MariaDbScenarioRun Staged { get; init; }

    public required IReadOnlyList<string> SchemaDifferences { get; init; }

    public required IReadOnlyDictionary<string, MariaDbDataCheck> Data { get; init; }

    public required IReadOnlyList<(string Part, double Seconds)> Parts { get; init; }
}
