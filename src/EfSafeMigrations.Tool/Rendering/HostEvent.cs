using System.Text.Json;
using System.Text.Json.Nodes;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tool.Rendering;

/// <summary>One line of the runner host's output, read and scrubbed.</summary>
/// <param name="Event">The event; a line that is not one (something the app printed) is a verbose <see cref="MessageEvent"/>.</param>
/// <param name="Json">The event as JSON, for <c>--json</c>: the host's own object, scrubbed (kept as it is when this tool does not know its kind).</param>
internal sealed record HostEvent(RunnerEvent Event, JsonObject Json)
{
    /// <summary>Reads one line of the host's standard output.</summary>
    public static HostEvent Read(string line, OutputScrubber scrubber)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException)
        {
            node = null;
        }

        if (node is JsonObject json && json["event"] is JsonValue)
        {
            scrubber.ScrubStrings(json);
            try
            {
                if (json.Deserialize<RunnerEvent>(RunnerHost.Json) is { } known)
                {
                    return new HostEvent(known, json);
                }
            }
            catch (Exception error) when (error is JsonException or NotSupportedException)
            {
                // A kind of event this tool does not know (a newer host): passed on as it is with --json, shown with --verbose.
            }

            return new HostEvent(new MessageEvent(json.ToJsonString(RunnerHost.Json), Verbose: true), json);
        }

        return From(new MessageEvent(scrubber.Scrub(line), Verbose: true));
    }

    /// <summary>An event this tool makes itself (its own messages and results).</summary>
    public static HostEvent From(RunnerEvent runnerEvent)
        => new(runnerEvent, JsonSerializer.SerializeToNode(runnerEvent, RunnerHost.Json)!.AsObject());
}
