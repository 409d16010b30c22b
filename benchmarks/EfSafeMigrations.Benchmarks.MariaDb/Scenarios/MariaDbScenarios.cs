using EfSafeMigrations.Benchmarks.Load;
using EfSafeMigrations.Benchmarks.MariaDb.Model;
using EfSafeMigrations.Benchmarks.MariaDb.Plain;
using EfSafeMigrations.Benchmarks.MariaDb.Staged;
using EfSafeMigrations.Benchmarks.Staged;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MySqlConnector;

namespace EfSafeMigrations.Benchmarks.MariaDb.Scenarios;

/// <summary>The three copies' runs: the single UPDATE (baseline), Pomelo's plain migration, and the staged phases.</summary>
public static class MariaDbScenarios
{
    /// <summary>One <c>UPDATE</c> filling Label, on a copy that already has the nullable column, the index and the foreign key.</summary>
    public static async Task<MariaDbScenarioRun> BaselineAsync(string connectionString, MariaDbBenchOptions options)
    {
        var run = new MariaDbScenarioRun("baseline", "Single UPDATE");
        await run.RunAsync(connectionString, options, _ => run.PhaseAsync("single UPDATE", async () =>
        {
            await using var connection = new MySqlConnection(connectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new MySqlCommand(BenchModel.SingleUpdateSql, connection) { CommandTimeout = 0 };
            run.RowsUpdated = await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        })).ConfigureAwait(false);
        return run;
    }

    /// <summary>The change as Pomelo's migration, applied by EF Core's migrator (no <c>UseSafeMigrations()</c>).</summary>
    public static async Task<MariaDbScenarioRun> PlainAsync(string connectionString, MariaDbBenchOptions options)
    {
        var run = new MariaDbScenarioRun("plain", "Plain EF Core migration (Pomelo)");
        await using var context = PlainMariaDbContext.Create(connectionString);
        var migrator = context.GetService<IMigrator>();
        var pending = (await context.Database.GetPendingMigrationsAsync().ConfigureAwait(false)).ToList();
        if (pending.Count != 1)
        {
            throw new BenchmarkException($"The plain copy should have exactly the change pending; it has: {string.Join(", ", pending)}.");
        }

        await run.RunAsync(connectionString, options, _ => run.PhaseAsync("plain migration", () => migrator.MigrateAsync())).ConfigureAwait(false);
        return run;
    }

    /// <summary>The staged group through the runner in-process (default settings): expand, backfill, the new version rolls out, contract.</summary>
    public static async Task<MariaDbScenarioRun> StagedAsync(string connectionString, MariaDbBenchOptions options, Action<string> print)
    {
        var run = new MariaDbScenarioRun("staged", "Staged phases (EfSafeMigrations runner)");
        var settings = new RunnerSettings();
        var events = new RunnerEventLog(print);
        var pause = TimeSpan.FromSeconds(options.PauseSeconds);
        await run.RunAsync(connectionString, options, async load =>
        {
            await run.PhaseAsync("expand", () => PhaseAsync(connectionString, MigrationPhase.Expand, settings, events)).ConfigureAwait(false);
            await Task.Delay(pause).ConfigureAwait(false);
            await run.PhaseAsync("backfill", () => PhaseAsync(connectionString, MigrationPhase.Backfill, settings, events)).ConfigureAwait(false);
            await Task.Delay(pause / 2).ConfigureAwait(false);
            load.Version = AppVersion.New;
            await Task.Delay(pause / 2).ConfigureAwait(false);
            await run.PhaseAsync("contract", () => PhaseAsync(connectionString, MigrationPhase.Contract, settings, events)).ConfigureAwait(false);
        }).ConfigureAwait(false);
        run.RunnerEvents = events.All;
        return run;
    }

    /// <summary>Applies <paramref name="phase"/> of every pending group of the staged context with the runner.</summary>
    public static async Task PhaseAsync(string connectionString, MigrationPhase phase, RunnerSettings settings, RunnerEventLog events)
    {
        await using var context = StagedMariaDbContext.Create(connectionString);
        var request = new RunnerRequest { Command = RunnerCommand.Phase, Phase = phase, Assembly = "in-process", Settings = settings };
        int exitCode;
        try
        {
            exitCode = await new SafeMigrationRunner(context, settings, events).RunAsync(request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RunnerRefusal refusal)
        {
            throw new BenchmarkException($"The runner refused phase {phase} (exit code {refusal.ExitCode}): {refusal.Message}", refusal);
        }

        if (exitCode != ExitCodes.Done)
        {
            var result = events.All.Select(e => e.Event).OfType<ResultEvent>().LastOrDefault();
            throw new BenchmarkException($"The runner's phase {phase} ended with exit code {exitCode}: {result?.Message}");
        }
    }
}
