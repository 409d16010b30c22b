using System.Threading.Channels;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tool.Rendering;

namespace EfSafeMigrations.Tool.Hosting;

/// <summary>Events of a runner in this process, passed to the same rendering as a host's; keeps the result.</summary>
internal sealed class ChannelRunnerEvents(ChannelWriter<HostEvent> writer) : IRunnerEvents
{
    public ResultEvent? Result { get; private set; }

    public void Report(RunnerEvent runnerEvent)
    {
        if (runnerEvent is ResultEvent result)
        {
            Result = result;
        }

        writer.TryWrite(HostEvent.From(runnerEvent));
    }
}
