using EfSafeMigrations.Benchmarks.Plain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Benchmarks.Scenarios;

/// <summary>The change as the plain EF Core migration, applied by EF Core's own migrator (no EfSafeMigrations).</summary>
public static class PlainScenario
{
    /// <summary>Runs it on <paramref name="connectionString"/>.</summary>
    public static async Task<ScenarioRun> RunAsync(string connectionString, BenchmarkOptions options)
    {
        var run = new ScenarioRun("plain", "Plain EF Core migration");
        var timer = new CommandTimer();
        await using var context = PlainContext.Create(connectionString, timer);
        var migrator = context.GetService<IMigrator>();

        // Build the context's services and read the history before the clock runs.
        var pending = (await context.Database.GetPendingMigrationsAsync().ConfigureAwait(false)).ToList();
        if (pending.Count != 1)
        {
            throw new BenchmarkException($"The plain copy should have exactly the change pending; it has: {string.Join(", ", pending)}.");
        }

        await run.RunAsync(connectionString, options, _ => run.PhaseAsync("plain migration", () => migrator.MigrateAsync())).ConfigureAwait(false);
        run.Commands = timer.Commands;
        return run;
    }
}
