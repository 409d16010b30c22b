using EfSafeMigrations.Benchmarks.Load;
using EfSafeMigrations.Benchmarks.MariaDb.Load;
using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Benchmarks.Staged;

namespace EfSafeMigrations.Benchmarks.MariaDb.Scenarios;

/// <summary>
/// One copy's run: the writers start and warm up, the clock starts, quiet load, the migration's phases (each timed as a
/// window), quiet load again, the writers stop. A transaction counts in every phase it overlaps.
/// </summary>
public sealed class MariaDbScenarioRun(string key, string title)
{
    private readonly List<PhaseWindow> _phases = [];

    /// <summary>The copy's short name (baseline, plain, staged).</summary>
    public string Key { get; } = key;

    /// <summary>What the copy does, for the report.</summary>
    public string Title { get; } = title;

    /// <summary>The migration's phases, in order.</summary>
    public IReadOnlyList<PhaseWindow> Phases => _phases;

    /// <summary>The windows without a migration running.</summary>
    public IReadOnlyList<PhaseWindow> Quiet { get; private set; } = [];

    /// <summary>Every measured transaction, by start.</summary>
    public IReadOnlyList<TransactionSample> Samples { get; private set; } = [];

    /// <summary>The failed transactions and why.</summary>
    public IReadOnlyList<WriterFailure> Failures { get; private set; } = [];

    /// <summary>What the runner reported (staged copy).</summary>
    public IReadOnlyList<TimedRunnerEvent> RunnerEvents { get; set; } = [];

    /// <summary>The rows the baseline's single UPDATE matched.</summary>
    public long RowsUpdated { get; set; }

    /// <summary>The writers during <paramref name="window"/>.</summary>
    public LatencyStats StatsOf(PhaseWindow window) => LatencyStats.During(Samples, [window]);

    /// <summary>The writers during all phases together.</summary>
    public LatencyStats AllPhases => LatencyStats.During(Samples, _phases);

    /// <summary>The writers while no migration ran.</summary>
    public LatencyStats QuietStats => LatencyStats.Outside(Samples, _phases, Quiet);

    /// <summary>Runs <paramref name="body"/> (which times its phases with <see cref="PhaseAsync"/>) under the writers.</summary>
    public async Task RunAsync(string connectionString, MariaDbBenchOptions options, Func<MariaDbWriterLoad, Task> body)
    {
        await using var load = MariaDbWriterLoad.Start(connectionString, options.Writers, options.ThinkMs, options.Rows, options.WriterTimeoutSeconds);
        await load.WarmedUp.WaitAsync(TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        var start = Timestamps.Now;
        await Task.Delay(TimeSpan.FromSeconds(options.QuietSeconds)).ConfigureAwait(false);
        await body(load).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(options.QuietSeconds)).ConfigureAwait(false);
        var logs = await load.StopAsync().ConfigureAwait(false);
        var end = Timestamps.Now;

        // The warm-up's transactions are not part of the run.
        Samples = [.. logs.SelectMany(l => l.Samples).Where(s => s.Start >= start).OrderBy(s => s.Start)];
        Failures = [.. logs.SelectMany(l => l.Failures).Where(f => f.Start >= start)];
        var quiet = new List<PhaseWindow>();
        var from = start;
        foreach (var phase in _phases)
        {
            quiet.Add(new PhaseWindow("quiet", from, phase.Start, IsMigration: false));
            from = phase.End;
        }

        quiet.Add(new PhaseWindow("quiet", from, end, IsMigration: false));
        Quiet = [.. quiet.Where(w => w.End > w.Start)];
    }

    /// <summary>Runs <paramref name="phase"/> as the window <paramref name="name"/>.</summary>
    public async Task PhaseAsync(string name, Func<Task> phase)
    {
        var start = Timestamps.Now;
        try
        {
            await phase().ConfigureAwait(false);
        }
        finally
        {
            _phases.Add(new PhaseWindow(name, start, Timestamps.Now, IsMigration: true));
        }
    }
}
