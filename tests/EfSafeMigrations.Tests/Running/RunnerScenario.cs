using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Running;

/// <summary>Runs one request in-process against a fresh context, the way the host does.</summary>
public static class RunnerScenario
{
    public static async Task<RecordingEvents> RunAsync(
        Func<DbContext> createContext,
        RunnerCommand command,
        MigrationPhase? phase = null,
        string? target = null,
        bool dryRun = false,
        RunnerSettings? settings = null,
        CancellationToken stop = default,
        Action<RunnerEvent>? onEvent = null,
        string? configFile = null,
        Func<RunnerRequest, RunnerRequest>? adjust = null)
    {
        var events = new RecordingEvents { OnEvent = onEvent };
        await using var context = createContext();
        var request = new RunnerRequest { Command = command, Phase = phase, Target = target, DryRun = dryRun, Assembly = "in-process", Settings = settings ?? new RunnerSettings(), ConfigFile = configFile };
        request = adjust?.Invoke(request) ?? request;
        try
        {
            await new SafeMigrationRunner(context, request.Settings, events).RunAsync(request, stop);
        }
        catch (RunnerRefusal refusal)
        {
            events.Report(new ResultEvent(refusal.ExitCode, refusal.Message));
        }

        return events;
    }
}
