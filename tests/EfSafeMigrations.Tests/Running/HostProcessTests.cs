using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using Shop;

namespace EfSafeMigrations.Tests.Running;

/// <summary>The runner host as its own process: killed outright in the middle of a backfill, and given bad connections.</summary>
public sealed class HostProcessTests
{
    [Fact]
    public async Task Killed_in_the_middle_of_a_backfill_the_next_run_resumes_from_the_checkpoint_and_finishes_every_row()
    {
        await using var database = await PostgresDatabase.CreateAsync("kill");
        Func<ShopContext> shop = () => new ShopContext(ShopContext.Options(database.ConnectionString));
        await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand, target: "Initial");
        await database.ExecuteAsync("""INSERT INTO "Customers" ("Name", "Email") SELECT 'c' || g, 'c' || g || '@x' FROM generate_series(1, 20000) g""");
        await RunnerScenario.RunAsync(shop, RunnerCommand.Phase, MigrationPhase.Expand);
        var request = new RunnerRequest
        {
            Command = RunnerCommand.Phase,
            Phase = MigrationPhase.Backfill,
            Assembly = "set by HostProcess",
            Connection = database.ConnectionString,
            Settings = new RunnerSettings { BatchSize = 250, MaxRowsPerSecond = 5000 },
        };

        await using (var first = HostProcess.Start(request, (host, e) =>
        {
            if (e is BackfillProgressEvent { RowsDone: >= 5000 })
            {
                host.Kill();
            }
        }))
        {
            await first.WaitAsync();
            Assert.DoesNotContain(first.Events, e => e is ResultEvent);
        }

        var checkpoint = await database.ScalarAsync<long>("""SELECT rows_done FROM "__EFSafeMigrations" WHERE step = 'backfill:0'""");
        var filledBefore = await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS NOT NULL""");
        // The progress event of a batch is reported just before that batch's transaction (with its checkpoint)
        // commits: a kill at that moment leaves the batch before it as the checkpoint.
        Assert.InRange(checkpoint, 5000 - 250, 19_999);
        Assert.Equal(checkpoint, filledBefore);
        Assert.Equal("running", await database.ScalarAsync<string>("""SELECT status FROM "__EFSafeMigrations" WHERE step = 'backfill:0'"""));

        await using var second = HostProcess.Start(request with { Settings = new RunnerSettings { BatchSize = 250 } });
        Assert.Equal(0, await second.WaitAsync());

        var visitedAgain = second.Events.OfType<BackfillProgressEvent>().First().RowsDone - checkpoint;
        Assert.InRange(visitedAgain, 1, 250);
        Assert.Contains(second.Events.OfType<MessageEvent>(), m => m.Text.Contains($"resuming the backfill of Customers.EmailAddress after {checkpoint} rows"));
        Assert.Equal(0L, await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" IS DISTINCT FROM "Email" """));
        Assert.Equal("done", await database.ScalarAsync<string>("""SELECT status FROM "__EFSafeMigrations" WHERE step = 'backfill:0'"""));
    }

    [Fact]
    public async Task A_wrong_password_fails_with_a_clear_message_that_never_shows_the_password()
    {
        await using var database = await PostgresDatabase.CreateAsync("auth");
        var wrong = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "s3cret-Wrong-pw" }.ConnectionString;

        await using var host = HostProcess.Start(new RunnerRequest { Command = RunnerCommand.Status, Assembly = "set by HostProcess", Connection = wrong });

        Assert.Equal(ExitCodes.Failed, await host.WaitAsync());
        var result = host.Events.OfType<ResultEvent>().Single();
        Assert.Contains("password authentication failed", result.Message);
        Assert.Contains("Check the connection string", result.Message);
        Assert.DoesNotContain("s3cret-Wrong-pw", string.Join("\n", host.Events.Select(e => e.ToString())) + await host.ErrorsAsync());
    }

    [Fact]
    public async Task An_unreachable_server_fails_with_a_clear_message()
    {
        await using var host = HostProcess.Start(new RunnerRequest
        {
            Command = RunnerCommand.Phase,
            Phase = MigrationPhase.Expand,
            Assembly = "set by HostProcess",
            Connection = "Host=127.0.0.1;Port=1;Database=shop;Username=app;Password=hidden-pw;Timeout=3",
        });

        Assert.Equal(ExitCodes.Failed, await host.WaitAsync());
        var result = host.Events.OfType<ResultEvent>().Single();
        Assert.Contains("Connection refused", result.Message);
        Assert.Contains("Check the connection string", result.Message);
        Assert.DoesNotContain("hidden-pw", result.Message);
    }
}
