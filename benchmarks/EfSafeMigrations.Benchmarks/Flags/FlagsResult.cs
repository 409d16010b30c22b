using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Benchmarks.Reporting;

namespace EfSafeMigrations.Benchmarks.Flags;

/// <summary>Everything the flags benchmark measured, for its report.</summary>
public sealed record FlagsResult
{
    /// <summary>The command line.</summary>
    public required FlagsOptions Options { get; init; }

    /// <summary>The machine.</summary>
    public required MachineInfo Machine { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Load averages before the run.</summary>
    public required string LoadBefore { get; init; }

    /// <summary>Load averages after the run.</summary>
    public required string LoadAfter { get; init; }

    /// <summary>The PostgreSQL server's version string.</summary>
    public required string ServerVersion { get; init; }

    /// <summary>Rows in the flags table.</summary>
    public required int FlagCount { get; init; }

    /// <summary>What timing one call adds to it, in nanoseconds (two timer reads).</summary>
    public required double TimerOverheadNanoseconds { get; init; }

    /// <summary>The machine's CPU while the cases ran, as shares of all cores; null where /proc cannot be read.</summary>
    public required CpuUse? Cpu { get; init; }

    /// <summary>The whole run's wall time, in seconds.</summary>
    public required double Seconds { get; init; }

    /// <summary>Configuration only, one caller: the baseline.</summary>
    public required CaseResult Baseline { get; init; }

    /// <summary>The deployment flag with the default cache, one caller.</summary>
    public required CaseResult Cached { get; init; }

    /// <summary>The configuration feature in the app that also registers the flags, one caller.</summary>
    public required CaseResult ConfiguredBesideFlags { get; init; }

    /// <summary>The deployment flag with no cache, one caller.</summary>
    public required CaseResult Uncached { get; init; }

    /// <summary>Configuration only, parallel callers.</summary>
    public required CaseResult BaselineParallel { get; init; }

    /// <summary>The deployment flag with the default cache, parallel callers.</summary>
    public required CaseResult CachedParallel { get; init; }

    /// <summary>The cases in the order of the report's table.</summary>
    public IReadOnlyList<CaseResult> All => [Baseline, Cached, ConfiguredBesideFlags, Uncached, BaselineParallel, CachedParallel];

    /// <summary>The baseline a case is compared with: configuration only, with as many callers.</summary>
    public CaseResult BaselineOf(CaseResult result) => result.Callers == 1 ? Baseline : BaselineParallel;
}
