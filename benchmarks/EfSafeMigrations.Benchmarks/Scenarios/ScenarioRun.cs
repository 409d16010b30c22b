using EfSafeMigrations.Benchmarks.Load;
using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Benchmarks.Plain;
using EfSafeMigrations.Benchmarks.Staged;
using EfSafeMigrations.Running.Protocol;
using Npgsql;

namespace EfSafeMigrations.Benchmarks.Scenarios;

/// <summary>
/// One copy of the table under the writer load: a quiet stretch, the migration's phases (with pauses
/// between them), another quiet stretch. Records the phases' windows, the writers' transactions and
/// whatever the way of migrating reports.
/// </summary>
/// <param name="key">A short name for files: <c>baseline</c>, <c>plain</c>, <c>staged</c>.</param>
/// <param name="title">What it is, for people.</param>
public sealed class ScenarioRun(string key, string title)
{
    private readonly List<PhaseWindow> _phases = [];
    private readonly List<(long At, string Text)> _markers = [];

    /// <summary>A short name for files.</summary>
    public string Key { get; } = key;

    /// <summary>What it is, for people.</summary>
    public string Title { get; } = title;

    /// <summary>When the writers started (timestamp).</summary>
    public long Start { get; private set; }

    /// <summary>When the writers stopped (timestamp).</summary>
    public long End { get; private set; }

    /// <summary>The migration phases, in order.</summary>
    public IReadOnlyList<PhaseWindow> Phases => _phases;

    /// <summary>The stretches with no migration running.</summary>
    public IReadOnlyList<PhaseWindow> Quiet { get; private set; } = [];

    /// <summary>Moments worth a mark in the picture that are not phases (the new app version rolled out).</summary>
    public IReadOnlyList<(long At, string Text)> Markers => _markers;

    /// <summary>The writers' transactions, ordered by start.</summary>
    public IReadOnlyList<TransactionSample> Samples { get; private set; } = [];

    /// <summary>The writers' failed transactions with their reasons.</summary>
    public IReadOnlyList<WriterFailure> Failures { get; private set; } = [];

    /// <summary>The plain migration's commands, timed (plain scenario only).</summary>
    public IReadOnlyList<TimedCommand> Commands { get; set; } = [];

    /// <summary>The SQL the runner planned for each phase migration (staged scenario only).</summary>
    public IReadOnlyList<SqlEvent> PlannedSql { get; set; } = [];

    /// <summary>The runner's events (staged scenario only).</summary>
    public IReadOnlyList<TimedRunnerEvent> RunnerEvents { get; set; } = [];

    /// <summary>The strong locks on the table sampled during the phases (staged scenario only).</summary>
    public IReadOnlyList<LockEpisode> LockEpisodes { get; set; } = [];

    /// <summary>How the machine's CPU was used while the writers ran; null where /proc could not be read.</summary>
    public CpuUse? Cpu { get; private set; }

    /// <summary>Rows the single UPDATE changed (baseline scenario only).</summary>
    public long RowsUpdated { get; set; }

    /// <summary>The writers' stats in one phase: the transactions running at some moment of it.</summary>
    public LatencyStats StatsOf(PhaseWindow window) => LatencyStats.During(Samples, [window]);

    /// <summary>The writers' stats over all phases together (pauses between them left out).</summary>
    public LatencyStats AllPhases => LatencyStats.During(Samples, _phases);

    /// <summary>The writers' stats while no migration ran: the transactions that overlap no phase.</summary>
    public LatencyStats QuietStats => LatencyStats.Outside(Samples, _phases, Quiet);

    /// <summary>Seconds from a timestamp to this scenario's start, for the picture.</summary>
    public double Offset(long at) => Timestamps.Seconds(Start, at);

    /// <summary>Runs the scenario: writers on <paramref name="connectionString"/>, quiet, <paramref name="body"/>, quiet.</summary>
    public async Task RunAsync(string connectionString, BenchmarkOptions options, Func<WriterLoad, Task> body)
    {
        var postmaster = await PostmasterAsync(connectionString).ConfigureAwait(false);
        await using var load = WriterLoad.Start(connectionString, options.Writers, options.ThinkMs, options.Rows, options.Regions, options.WriterTimeoutSeconds);
        await load.WarmedUp.WaitAsync(TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        var cpuBefore = CpuSnapshot.Take(postmaster);
        Start = Timestamps.Now;
        await Task.Delay(TimeSpan.FromSeconds(options.QuietSeconds)).ConfigureAwait(false);
        await body(load).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(options.QuietSeconds)).ConfigureAwait(false);
        var logs = await load.StopAsync().ConfigureAwait(false);
        End = Timestamps.Now;
        Cpu = cpuBefore != null ? CpuSnapshot.Take(postmaster)?.Since(cpuBefore) : null;

        // The warm-up's transactions are not part of the scenario.
        var samples = new List<TransactionSample>(logs.Sum(l => l.Samples.Count));
        samples.AddRange(logs.SelectMany(l => l.Samples).Where(s => s.Start >= Start));
        samples.Sort((a, b) => a.Start.CompareTo(b.Start));
        Samples = samples;
        Failures = logs.SelectMany(l => l.Failures).Where(f => f.Start >= Start).ToList();
        Quiet = QuietWindows();
    }

    /// <summary>Runs one phase and records its window.</summary>
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

    /// <summary>Marks a moment in the picture.</summary>
    public void Mark(string text) => _markers.Add((Timestamps.Now, text));

    /// <summary>The local server's main process (the parent of a backend), or null when it is not visible from here.</summary>
    private static async Task<int?> PostmasterAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        return CpuSnapshot.ParentOf(connection.ProcessID);
    }

    private List<PhaseWindow> QuietWindows()
    {
        var quiet = new List<PhaseWindow>();
        var from = Start;
        foreach (var phase in _phases)
        {
            quiet.Add(new PhaseWindow("quiet", from, phase.Start, IsMigration: false));
            from = phase.End;
        }

        quiet.Add(new PhaseWindow("quiet", from, End, IsMigration: false));
        return quiet.Where(w => w.End > w.Start).ToList();
    }
}
