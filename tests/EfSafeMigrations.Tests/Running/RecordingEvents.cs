using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tests.Running;

/// <summary>Keeps the events a runner reports, for assertions.</summary>
public sealed class RecordingEvents : IRunnerEvents
{
    private readonly List<RunnerEvent> _events = [];
    private readonly Lock _gate = new();

    public Action<RunnerEvent>? OnEvent { get; init; }

    public IReadOnlyList<RunnerEvent> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public ResultEvent Result => All.OfType<ResultEvent>().Single();

    public void Report(RunnerEvent runnerEvent)
    {
        lock (_gate)
        {
            _events.Add(runnerEvent);
        }

        OnEvent?.Invoke(runnerEvent);
    }
}
