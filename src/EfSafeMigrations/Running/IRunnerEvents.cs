using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Running;

/// <summary>Where a runner reports what it does.</summary>
public interface IRunnerEvents
{
    /// <summary>Reports one event.</summary>
    void Report(RunnerEvent runnerEvent);
}
