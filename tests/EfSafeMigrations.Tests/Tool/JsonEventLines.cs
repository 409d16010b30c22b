using System.Text.Json;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>Reads <c>--json</c> output: every line of standard output must be one event of the protocol.</summary>
internal static class JsonEventLines
{
    /// <summary>The events, in order; fails the test on any line that is not an event, or when the last is not the result.</summary>
    public static IReadOnlyList<RunnerEvent> Read(SafeMigrateResult result)
    {
        var events = new List<RunnerEvent>();
        foreach (var line in result.StandardOutputLines)
        {
            RunnerEvent? runnerEvent = null;
            try
            {
                runnerEvent = JsonSerializer.Deserialize<RunnerEvent>(line, RunnerHost.Json);
            }
            catch (JsonException error)
            {
                Assert.Fail($"Not a JSON event line: {line} ({error.Message}){Environment.NewLine}{result.Describe()}");
            }

            Assert.True(runnerEvent != null, $"A null event line: {line}{Environment.NewLine}{result.Describe()}");
            events.Add(runnerEvent);
        }

        Assert.True(events.Count > 0, "No event on standard output." + Environment.NewLine + result.Describe());
        var last = Assert.IsType<ResultEvent>(events[^1]);
        Assert.Single(events.OfType<ResultEvent>());
        Assert.True(last.ExitCode == result.ExitCode, $"The result event says {last.ExitCode}; the tool exited with {result.ExitCode}.{Environment.NewLine}{result.Describe()}");
        return events;
    }
}
