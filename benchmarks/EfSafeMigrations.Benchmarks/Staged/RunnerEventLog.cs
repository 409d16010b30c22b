using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Benchmarks.Staged;

/// <summary>Keeps every event the runner reports, with its arrival time, and prints the notable ones.</summary>
public sealed class RunnerEventLog(Action<string> print) : IRunnerEvents
{
    private readonly List<TimedRunnerEvent> _events = [];
    private readonly Lock _gate = new();

    /// <summary>The events so far, in arrival order.</summary>
    public IReadOnlyList<TimedRunnerEvent> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <inheritdoc />
    public void Report(RunnerEvent runnerEvent)
    {
        lock (_gate)
        {
            _events.Add(new TimedRunnerEvent(Timestamps.Now, runnerEvent));
        }

        switch (runnerEvent)
        {
            case StepEvent step:
                print($"    runner: {step.MigrationId} {step.Status}{(step.Seconds is { } s ? $" in {s:0.00} s" : string.Empty)}{(step.Detail is { } d ? ": " + d : string.Empty)}");
                break;
            case RetryEvent retry:
                print($"    runner: {retry.MigrationId} retry {retry.Attempt} in {retry.DelaySeconds:0.00} s: {retry.Reason}");
                break;
            case BackfillProgressEvent { Finished: true } done:
                print($"    runner: backfill of {done.Target} finished, {done.RowsDone:N0} rows");
                break;
            case MessageEvent { Verbose: false } message:
                print($"    runner: {message.Text}");
                break;
            case ResultEvent result:
                print($"    runner: exit {result.ExitCode}: {result.Message}");
                break;
        }
    }
}
