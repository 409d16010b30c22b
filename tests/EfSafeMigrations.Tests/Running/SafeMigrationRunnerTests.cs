using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using Shop;

namespace EfSafeMigrations.Tests.Running;

/// <summary>The runner on the sample shop's migrations, on a real PostgreSQL.</summary>
public sealed class SafeMigrationRunnerTests
{
    private const string Expand = "20261121074356_CustomerDetails_Expand";
    private const string Backfill = "20261121074357_CustomerDetails_Backfill";
    private const string Contract = "20261121074358_CustomerDetails_Contract";

    [Fact]
    public async Task Phases_run_in_order_and_keep_efs_history_and_the_runners_state_truthful()
    {
        await using var database = await PostgresDatabase.CreateAsync("runner");
        Func<ShopContext> shop = () => new ShopContext(ShopContext.Options(database.ConnectionString));

        var before = await RunnerScenario.RunAsync(shop, RunnerCommand.Status);
        Assert.Equal(0, before.Result.ExitCode);
        Assert.Equal(["Initial", "CustomerDetails"], before.All.OfType<GroupStatusEvent>().Select(g => g.Group));
        Assert.All(before.All.OfType<GroupStatusEvent>().SelectMany(g => g.Phases), p => Assert.False(p.Applied));

        var initial = await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand, target: "Initial");
        Assert.Equal(["20261121074208_Initial_Expand"], initial.All.OfType<StepEvent>().Where(s => s.Status == "done").Select(s => s.MigrationId));
        await database.ExecuteAsync("""INSERT INTO "Customers" ("Name", "Email", "Phone") SELECT 'c' || g, 'c' || g || '@x', NULL FROM generate_series(1, 2500) g""");
        var expand = await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand);
        Assert.Equal(0, expand.Result.ExitCode);
        Assert.Equal(2500L, await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS NULL"""));

        var early = await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Contract);
        Assert.Equal(ExitCodes.Refused, early.Result.ExitCode);
        Assert.Contains("CustomerDetails still needs its Backfill", early.Result.Message);

        var backfill = await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Backfill, settings: new RunnerSettings { BatchSize = 300 });
        Assert.Equal(0, backfill.Result.ExitCode);
        var progress = backfill.All.OfType<BackfillProgressEvent>().ToList();
        Assert.True(progress.Count >= 9, $"expected a progress event per batch of 300 over 2500 rows, got {progress.Count}");
        Assert.Equal(2500, progress[^1].RowsDone);
        Assert.True(progress[^1].Finished);
        Assert.Contains(backfill.All.OfType<MessageEvent>(), m => m.Text.Contains("2500 rows filled, 2500 visited ("));
        Assert.Equal(0L, await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS DISTINCT FROM "Email" """));

        var contract = await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Contract);
        Assert.Equal(0, contract.Result.ExitCode);
        var again = await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Contract);
        Assert.Equal(0, again.Result.ExitCode);
        Assert.Matches(@"^Contract is already applied: 20261121074358_CustomerDetails_Contract at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC; nothing was changed\.$", again.Result.Message);

        Assert.Equal(
            $"20261121074208_Initial_Expand,{Expand},{Backfill},{Contract}",
            await database.ScalarAsync<string>("""SELECT string_agg("MigrationId", ',' ORDER BY "MigrationId") FROM "__EFMigrationsHistory" """));
        Assert.Equal(
            "done,done,done,done,done",
            await database.ScalarAsync<string>("""SELECT string_agg(status, ',' ORDER BY migration_id, step) FROM "__EFSafeMigrations" """));
        Assert.Equal(2500L, await database.ScalarAsync<long>("""SELECT rows_done FROM "__EFSafeMigrations" WHERE step = 'backfill:0'"""));
    }

    [Fact]
    public async Task Plan_lists_every_pending_migration_in_deploy_order_with_its_sql_and_its_rollback_sql()
    {
        await using var database = await PostgresDatabase.CreateAsync("runner");
        Func<ShopContext> shop = () => new ShopContext(ShopContext.Options(database.ConnectionString));
        await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand, target: "Initial");

        var plan = await RunnerScenario.RunAsync(shop, RunnerCommand.Plan);

        Assert.Equal(0, plan.Result.ExitCode);
        var sql = plan.All.OfType<SqlEvent>().ToList();
        Assert.Equal([Expand, Expand + " rollback", Backfill, Backfill + " rollback", Contract], sql.Select(s => s.MigrationId));
        Assert.Contains("UPDATE \"Customers\" SET \"EmailAddress\" = (\"Email\") WHERE \"EmailAddress\" IS NULL;", sql[2].Sql);
        Assert.Contains("ALTER TABLE \"Customers\" DROP COLUMN \"EmailAddress\";", sql[1].Sql);
        Assert.Equal("3 migrations to apply, in the order shown (expand, backfill, then contract).", plan.Result.Message);
        Assert.Equal(1L, await database.ScalarAsync<long>("""SELECT count(*) FROM "__EFMigrationsHistory" """));
    }

    [Fact]
    public async Task Dry_run_prints_the_sql_and_changes_nothing()
    {
        await using var database = await PostgresDatabase.CreateAsync("runner");

        var events = await RunnerScenario.RunAsync(() => new ShopContext(ShopContext.Options(database.ConnectionString)), RunnerCommand.Phase, MigrationPhase.Expand, dryRun: true);

        Assert.Equal(0, events.Result.ExitCode);
        var sql = events.All.OfType<SqlEvent>().ToList();
        Assert.Equal(["20261121074208_Initial_Expand", Expand], sql.Select(s => s.MigrationId));
        Assert.Contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS \"IX_Customers_Name\"", sql[1].Sql);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task Stopping_a_backfill_keeps_its_checkpoint_and_the_next_run_resumes_there()
    {
        await using var database = await PostgresDatabase.CreateAsync("runner");
        Func<ShopContext> shop = () => new ShopContext(ShopContext.Options(database.ConnectionString));
        await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand, target: "Initial");
        await database.ExecuteAsync("""INSERT INTO "Customers" ("Name", "Email") SELECT 'c' || g, 'c' || g || '@x' FROM generate_series(1, 1000) g""");
        await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand);
        using var stop = new CancellationTokenSource();

        var first = await RunnerScenario.RunAsync(
            shop, RunnerCommand.Phase, MigrationPhase.Backfill, settings: new RunnerSettings { BatchSize = 100 }, stop: stop.Token,
            onEvent: e => { if (e is BackfillProgressEvent { RowsDone: >= 300 }) stop.Cancel(); });

        Assert.Equal(ExitCodes.Failed, first.Result.ExitCode);
        Assert.Contains("Run the same command again to resume", first.Result.Message);
        var stoppedAt = await database.ScalarAsync<long>("""SELECT rows_done FROM "__EFSafeMigrations" WHERE step = 'backfill:0'""");
        Assert.Equal(300L, stoppedAt);
        Assert.Equal(700L, await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS NULL"""));

        var second = await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Backfill, settings: new RunnerSettings { BatchSize = 100 });

        Assert.Equal(0, second.Result.ExitCode);
        Assert.Contains(second.All.OfType<MessageEvent>(), m => m.Text.Contains("resuming the backfill of Customers.EmailAddress after 300 rows"));
        Assert.Contains(second.All.OfType<MessageEvent>(), m => m.Text.Contains("1000 rows filled, 1000 visited (7 batches in this run)"));
        Assert.Equal(0L, await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS DISTINCT FROM "Email" """));
    }

    [Fact]
    public async Task Rollback_undoes_the_groups_in_flight_and_refuses_finished_ones()
    {
        await using var database = await PostgresDatabase.CreateAsync("runner");
        Func<ShopContext> shop = () => new ShopContext(ShopContext.Options(database.ConnectionString));
        await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand);
        await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Backfill);

        var unknown = await RunnerScenario.RunAsync(shop, RunnerCommand.Rollback, target: "NoSuchMigration");
        Assert.Equal(ExitCodes.Usage, unknown.Result.ExitCode);
        Assert.Contains("No migration 'NoSuchMigration'", unknown.Result.Message);

        var rollback = await RunnerScenario.RunAsync(shop, RunnerCommand.Rollback);

        Assert.Equal((0, "Rolled back CustomerDetails."), (rollback.Result.ExitCode, rollback.Result.Message));
        Assert.Equal([Backfill, Expand], rollback.All.OfType<StepEvent>().Where(s => s.Status == "rolled-back").Select(s => s.MigrationId));
        Assert.Equal("20261121074208_Initial_Expand", await database.ScalarAsync<string>("""SELECT string_agg("MigrationId", ',') FROM "__EFMigrationsHistory" """));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE column_name = 'EmailAddress'"));

        var finished = await RunnerScenario.RunAsync(shop, RunnerCommand.Rollback, target: "20261121074208_Initial_Expand");
        Assert.Equal((0, "Nothing to roll back."), (finished.Result.ExitCode, finished.Result.Message));
        var everything = await RunnerScenario.RunAsync(shop, RunnerCommand.Rollback, target: "Initial");
        Assert.Equal(0, everything.Result.ExitCode);
    }
}
