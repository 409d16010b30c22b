using System.Text.Json;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Running;

/// <summary>Writes each event as one JSON line and flushes, so the tool sees progress as it happens.</summary>
internal sealed class JsonLineEventSink(TextWriter output) : IRunnerEvents
{
    private readonly Lock _gate = new();

    /// <summary>Whether a migration's steps have started in this run: before that, a failure has changed no migration.</summary>
    public bool StepStarted { get; private set; }

    public void Report(RunnerEvent runnerEvent)
    {
        StepStarted |= runnerEvent is StepEvent { Status: "started" };
        var line = JsonSerializer.Serialize(runnerEvent, RunnerHost.Json);
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    public int Finish(int exitCode, string message)
    {
        Report(new ResultEvent(exitCode, message));
        return exitCode;
    }
}
