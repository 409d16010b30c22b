using System.Text.Json;
using System.Threading.Channels;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tool.Rendering;

/// <summary>
/// <c>--json</c>: every event as one JSON line on standard output (the host's own, scrubbed), ending with one
/// <see cref="ResultEvent"/>, and nothing else there. The tool's own lines are verbose message events, written with
/// <c>--verbose</c>; longer explanations go to standard error.
/// </summary>
internal sealed class JsonToolOutput(TextWriter output, TextWriter error, OutputScrubber scrubber, bool verbose) : IToolOutput
{
    public void Info(string text) => Verbose(text);

    public void Verbose(string text)
    {
        if (verbose)
        {
            Write(new MessageEvent(scrubber.Scrub(text), Verbose: true));
        }
    }

    public async Task RenderAsync(ChannelReader<HostEvent> events)
    {
        await foreach (var hostEvent in events.ReadAllAsync().ConfigureAwait(false))
        {
            if (hostEvent.Event is not ResultEvent)
            {
                output.WriteLine(hostEvent.Json.ToJsonString(RunnerHost.Json));
                output.Flush();
            }
        }
    }

    public void Stopping(string text)
    {
        error.WriteLine(scrubber.Scrub(text));
        error.Flush();
    }

    public void Result(int exitCode, string message, string? detail = null)
    {
        if (detail != null)
        {
            error.WriteLine(scrubber.Scrub(detail));
            error.Flush();
        }

        Write(new ResultEvent(exitCode, scrubber.Scrub(message)));
    }

    private void Write(RunnerEvent runnerEvent)
    {
        output.WriteLine(JsonSerializer.Serialize(runnerEvent, RunnerHost.Json));
        output.Flush();
    }
}
