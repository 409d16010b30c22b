using System.Text.Json;
using System.Text.Json.Serialization;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Running;

/// <summary>
/// The runner host's whole job: read one <see cref="RunnerRequest"/>, create the user's context, run,
/// and write <see cref="RunnerEvent"/>s, ending with a <see cref="ResultEvent"/>.
/// </summary>
public static class RunnerHost
{
    /// <summary>The JSON shape of requests and events.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Runs one request; returns the exit code (also sent as the last event).</summary>
    /// <param name="input">Where the request comes from (one JSON line).</param>
    /// <param name="output">Where the events go (one JSON line each).</param>
    /// <param name="stop">Stops a backfill after its current batch.</param>
    public static async Task<int> RunAsync(TextReader input, TextWriter output, CancellationToken stop)
    {
        var events = new JsonLineEventSink(output);
        RunnerRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<RunnerRequest>(await input.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) ?? "null", Json);
        }
        catch (JsonException error)
        {
            return events.Finish(ExitCodes.Usage, "The runner host got a request it cannot read: " + error.Message);
        }

        if (request == null)
        {
            return events.Finish(ExitCodes.Usage, "The runner host got no request on its standard input.");
        }

        return await new RunnerSession(request, events).RunAsync(stop).ConfigureAwait(false);
    }
}
