using EfSafeMigrations.Running;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue.Harness;

/// <summary>
/// Runs a catalogue case's phases through the phase runner while the app versions that may be running
/// write: the OLD version during Expand, OLD and NEW during Backfill, the NEW version during Contract.
/// Each version has <see cref="WritersPerVersion"/> writers, each running a workload iteration (insert,
/// update, read back) in a loop. After every transaction or lone step the runner commits, the runner
/// waits until every writer has finished <see cref="IterationsPerGap"/> whole iterations, so every gap
/// between two steps is written through; so is the time before the first step and after the last.
/// </summary>
/// <remarks>
/// The writers are bounded by <see cref="MaxIterations"/> and <see cref="MaxWriterTime"/> so a hung step
/// cannot hang the test; a writer that stops early ends the waits for it. Nothing here asserts a duration.
/// </remarks>
internal static class PhasesUnderLoad
{
    public const int WritersPerVersion = 2;
    public const int IterationsPerGap = 3;
    public const int MaxIterations = 5_000;
    public static readonly TimeSpan MaxWriterTime = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Runs Expand, Backfill and Contract of <paramref name="cycle"/> under writers running
    /// <paramref name="iteration"/> (the app version, a number unique to the call); returns every problem seen.
    /// </summary>
    public static Task<IReadOnlyList<WriterProblem>> RunAsync(MigrationCycle cycle, Func<AppVersion, int, Task> iteration)
        => RunAsync(cycle.Old, cycle.New, cycle.ApplyThroughRunnerAsync, iteration);

    /// <summary>
    /// Runs the three phases with <paramref name="apply"/> (which runs a phase through the runner, awaiting the pause
    /// it is given after every step) under writers of <paramref name="old"/> and <paramref name="new"/>.
    /// </summary>
    public static async Task<IReadOnlyList<WriterProblem>> RunAsync(
        AppVersion old, AppVersion @new, Func<MigrationPhase, Func<StepPause, Task>, Task> apply, Func<AppVersion, int, Task> iteration)
    {
        var numbers = 0;
        int Next() => Interlocked.Increment(ref numbers);
        var problems = new List<WriterProblem>();
        problems.AddRange(await RunPhaseAsync(apply, MigrationPhase.Expand, [old], iteration, Next));
        problems.AddRange(await RunPhaseAsync(apply, MigrationPhase.Backfill, [old, @new], iteration, Next));
        problems.AddRange(await RunPhaseAsync(apply, MigrationPhase.Contract, [@new], iteration, Next));
        return problems;
    }

    /// <summary>Asserts that no writer failed a statement or read a wrong value, listing the first problems of each kind and gap.</summary>
    public static void AssertNone(IReadOnlyList<WriterProblem> problems)
        => Assert.True(
            problems.Count == 0,
            $"{problems.Count(p => !p.WrongRead)} failed statements and {problems.Count(p => p.WrongRead)} wrong reads while the phases ran:\n  "
            + string.Join("\n  ", problems.GroupBy(p => (p.Version, p.Phase, p.Gap, p.WrongRead)).Select(g => $"{g.First()} (x{g.Count()})")));

    private static async Task<IReadOnlyList<WriterProblem>> RunPhaseAsync(
        Func<MigrationPhase, Func<StepPause, Task>, Task> apply, MigrationPhase phase, IReadOnlyList<AppVersion> versions, Func<AppVersion, int, Task> iteration, Func<int> next)
    {
        // Each version's model, and its relational model, are built once before its writers start: EF Core builds the
        // relational model of a runtime model lazily, on first use, and not for several threads at once ("The model must
        // be finalized ... before 'GetRelationalModel' can be used" from one of several writers' first queries, on CI).
        foreach (var version in versions)
        {
            await using var warm = version.CreateContext();
            _ = warm.Model.GetRelationalModel();
        }

        var load = new Load(phase, iteration, next);
        var writers = versions.SelectMany(v => Enumerable.Range(0, WritersPerVersion).Select(_ => load.Start(v))).ToList();
        try
        {
            await load.WaitForIterationsAsync();
            await apply(phase, async pause =>
            {
                load.Gap = $"after run {pause.RunsDone} of {pause.Runs} ({Describe(pause)})";
                await load.WaitForIterationsAsync();
            });
            load.Gap = "after the phase";
            await load.WaitForIterationsAsync();
        }
        finally
        {
            load.Stop();
            await Task.WhenAll(writers);
        }

        return load.Problems;
    }

    private static string Describe(StepPause pause)
    {
        var first = pause.LastRun[0];
        var line = first.Sql.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("SET ", StringComparison.OrdinalIgnoreCase)) ?? first.Kind;
        return (line.Length > 110 ? line[..110] + "..." : line) + (pause.LastRun.Count > 1 ? $" and {pause.LastRun.Count - 1} more steps in its transaction" : string.Empty);
    }

    private sealed class Load(MigrationPhase phase, Func<AppVersion, int, Task> iteration, Func<int> next)
    {
        private readonly List<Writer> _writers = [];
        private readonly List<WriterProblem> _problems = [];
        private readonly CancellationTokenSource _stop = new();

        public volatile string Gap = "before the first step";

        public IReadOnlyList<WriterProblem> Problems
        {
            get
            {
                lock (_problems)
                {
                    return [.. _problems];
                }
            }
        }

        public Task Start(AppVersion version)
        {
            var writer = new Writer();
            _writers.Add(writer);
            return Task.Run(async () =>
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    for (var i = 0; i < MaxIterations && !_stop.IsCancellationRequested && clock.Elapsed < MaxWriterTime; i++)
                    {
                        try
                        {
                            await iteration(version, next());
                        }
                        catch (WrongReadException wrong)
                        {
                            Add(new WriterProblem(version.Name, phase, Gap, WrongRead: true, wrong.Message));
                        }
                        catch (Exception error)
                        {
                            Add(new WriterProblem(version.Name, phase, Gap, WrongRead: false, error.GetBaseException().Message.Split('\n')[0].Trim()));
                        }

                        Interlocked.Increment(ref writer.Iterations);
                    }
                }
                finally
                {
                    writer.Stopped = true;
                }
            });
        }

        public async Task WaitForIterationsAsync()
        {
            var targets = _writers.Select(w => (Writer: w, Target: Volatile.Read(ref w.Iterations) + IterationsPerGap)).ToList();
            while (targets.Any(t => !t.Writer.Stopped && Volatile.Read(ref t.Writer.Iterations) < t.Target))
            {
                await Task.Delay(5);
            }
        }

        public void Stop() => _stop.Cancel();

        private void Add(WriterProblem problem)
        {
            lock (_problems)
            {
                _problems.Add(problem);
            }
        }
    }

    private sealed class Writer
    {
        public int Iterations;
        public volatile bool Stopped;
    }
}
