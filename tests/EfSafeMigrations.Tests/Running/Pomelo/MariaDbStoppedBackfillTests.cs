using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Shop.MySql;

namespace EfSafeMigrations.Tests.Running.Pomelo;

/// <summary>
/// A backfill on MariaDB stopped as Ctrl+C stops it (the runner's stop token, which the tool's host cancels on SIGINT
/// and SIGTERM): the batches committed so far stay, their checkpoint is kept, and the same command resumes there.
/// </summary>
public sealed class MariaDbStoppedBackfillTests
{
    [Fact]
    public async Task Stopping_a_backfill_keeps_its_checkpoint_and_the_next_run_resumes_there()
    {
        await using var database = await MariaDbDatabase.CreateAsync("stopped");
        Func<DbContext> shop = () => new MySqlShopContext(MySqlShopContext.Options(database.ConnectionString));
        await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand, target: "Initial");
        await database.ExecuteAsync("INSERT INTO `Customers` (`Name`, `Email`) SELECT CONCAT('c', seq), CONCAT('c', seq, '@x') FROM seq_1_to_1000");
        await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand);
        using var stop = new CancellationTokenSource();

        var first = await RunnerScenario.RunAsync(
            shop, RunnerCommand.Phase, MigrationPhase.Backfill, settings: new RunnerSettings { BatchSize = 100 }, stop: stop.Token,
            onEvent: e => { if (e is BackfillProgressEvent { RowsDone: >= 300 }) stop.Cancel(); });

        Assert.Equal(ExitCodes.Failed, first.Result.ExitCode);
        Assert.Contains("Run the same command again to resume", first.Result.Message, StringComparison.Ordinal);
        var stoppedAt = await database.ScalarAsync<long>("SELECT `rows_done` FROM `__EFSafeMigrations` WHERE `step` = 'backfill:0'");
        Assert.InRange(stoppedAt, 300L, 999L);
        Assert.Equal(1000L - stoppedAt, await database.ScalarAsync<long>("SELECT COUNT(*) FROM `Customers` WHERE `EmailAddress` IS NULL"));

        var second = await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Backfill, settings: new RunnerSettings { BatchSize = 100 });

        Assert.Equal(0, second.Result.ExitCode);
        Assert.Contains(second.All.OfType<MessageEvent>(), m => m.Text.Contains($"resuming the backfill of Customers.EmailAddress after {stoppedAt} rows", StringComparison.Ordinal));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM `Customers` WHERE NOT (`EmailAddress` <=> `Email`)"));
    }
}
