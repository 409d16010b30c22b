using EfSafeMigrations.Benchmarks.Load;
using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Benchmarks.Model;
using EfSafeMigrations.Benchmarks.Staged;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Benchmarks.Scenarios;

/// <summary>
/// The change through the phases with the runner, in deploy order: expand, backfill, the new app version
/// rolled out (the writers switch), contract. Each phase is one in-process runner request on a fresh
/// context, as the runner host makes one per command; the runner's settings are its defaults.
/// </summary>
public static class StagedScenario
{
    /// <summary>Runs it on <paramref name="connectionString"/>.</summary>
    public static async Task<ScenarioRun> RunAsync(string connectionString, BenchmarkOptions options, Action<string> print)
    {
        var run = new ScenarioRun("staged", "Staged phases (EfSafeMigrations runner)");
        var settings = new RunnerSettings();

        // A plan request first, before the clock runs: it builds the context's services once, changes
        // nothing, and gives the SQL each phase will run, for the report.
        var plan = new RunnerEventLog(_ => { });
        await RunPhaseAsync(connectionString, RunnerCommand.Plan, null, settings, plan).ConfigureAwait(false);
        print("    " + plan.All.Select(e => e.Event).OfType<ResultEvent>().Single().Message);
        run.PlannedSql = plan.All.Select(e => e.Event).OfType<SqlEvent>().ToList();

        var events = new RunnerEventLog(print);
        var pause = TimeSpan.FromSeconds(options.PauseSeconds);
        await run.RunAsync(connectionString, options, async load =>
        {
            await using var locks = await LockSampler.StartAsync(connectionString, $"\"{BenchTable.Accounts}\"").ConfigureAwait(false);
            await run.PhaseAsync("expand", () => RunPhaseAsync(connectionString, RunnerCommand.Phase, MigrationPhase.Expand, settings, events)).ConfigureAwait(false);
            await Task.Delay(pause).ConfigureAwait(false);
            await run.PhaseAsync("backfill", () => RunPhaseAsync(connectionString, RunnerCommand.Phase, MigrationPhase.Backfill, settings, events)).ConfigureAwait(false);
            await Task.Delay(pause / 2).ConfigureAwait(false);
            load.Version = AppVersion.New;
            run.Mark("new app version");
            await Task.Delay(pause / 2).ConfigureAwait(false);
            await run.PhaseAsync("contract", () => RunPhaseAsync(connectionString, RunnerCommand.Phase, MigrationPhase.Contract, settings, events)).ConfigureAwait(false);
            run.LockEpisodes = await locks.StopAsync().ConfigureAwait(false);
        }).ConfigureAwait(false);
        run.RunnerEvents = events.All;
        return run;
    }

    /// <summary>One runner request on a fresh context; throws unless it ends with exit code 0.</summary>
    internal static async Task RunPhaseAsync(string connectionString, RunnerCommand command, MigrationPhase? phase, RunnerSettings settings, RunnerEventLog events)
    {
        await using var context = StagedContext.Create(connectionString);
        var request = new RunnerRequest { Command = command, Phase = phase, Assembly = "in-process", Settings = settings };
        int exitCode;
        try
        {
            exitCode = await new SafeMigrationRunner(context, settings, events).RunAsync(request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RunnerRefusal refusal)
        {
            throw new BenchmarkException($"The runner refused {command} {phase} (exit code {refusal.ExitCode}): {refusal.Message}", refusal);
        }

        if (exitCode != ExitCodes.Done)
        {
            var result = events.All.Select(e => e.Event).OfType<ResultEvent>().LastOrDefault();
            throw new BenchmarkException($"The runner's {command} {phase} ended with exit code {exitCode}: {result?.Message}");
        }
    }
}
