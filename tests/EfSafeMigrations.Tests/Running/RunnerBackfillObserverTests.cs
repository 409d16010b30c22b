using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using Shop;

namespace EfSafeMigrations.Tests.Running;

/// <summary>What the runner reports of a backfill while it runs.</summary>
public sealed class RunnerBackfillObserverTests
{
    [Fact]
    public async Task Under_a_rows_per_second_cap_progress_shows_the_rate_and_so_the_eta_the_run_will_have()
    {
        await using var database = await PostgresDatabase.CreateAsync("backfill_rate");
        Func<ShopContext> shop = () => new ShopContext(ShopContext.Options(database.ConnectionString));
        Assert.Equal(0, (await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand, target: "Initial")).Result.ExitCode);
        await database.ExecuteAsync("""INSERT INTO "Customers" ("Name", "Email") SELECT 'c' || g, 'c' || g || '@x' FROM generate_series(1, 3000) g""");
        Assert.Equal(0, (await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand)).Result.ExitCode);

        var backfill = await RunnerScenario.RunAsync(
            shop, RunnerCommand.Phase, MigrationPhase.Backfill, settings: new RunnerSettings { BatchSize = 500, MaxRowsPerSecond = 1500 });

        Assert.Equal(0, backfill.Result.ExitCode);
        var running = backfill.All.OfType<BackfillProgressEvent>().Where(p => !p.Finished).ToList();
        Assert.True(running.Count >= 5, $"expected a progress event per batch of 500 over 3000 rows, got {running.Count}");
        Assert.All(running, p => Assert.InRange(p.RowsPerSecond, 1, 1500));
    }
}
