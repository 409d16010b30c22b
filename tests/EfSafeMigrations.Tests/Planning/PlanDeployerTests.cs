using EfSafeMigrations.Planning;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Running;
using EfSafeMigrations.Tests.Running.Fixtures;
using EfSafeMigrations.Tests.TestInfrastructure;
using Npgsql;
using Shop;

namespace EfSafeMigrations.Tests.Planning;

/// <summary>Deploying a published plan: no app, no build, the same rules as the runner in the app.</summary>
public sealed class PlanDeployerTests : IDisposable
{
    private const string Nowhere = "Host=127.0.0.1;Port=1;Database=none;Username=x;Password=y";
    private readonly string _shopPlan = Directory.CreateTempSubdirectory("efsm-plan-").FullName;
    private readonly string _otherPlan = Directory.CreateTempSubdirectory("efsm-plan-").FullName;

    [Fact]
    public async Task The_phases_of_a_plan_apply_in_order_with_history_state_and_backfill()
    {
        await WritePlanAsync(new ShopContext(ShopContext.Options(Nowhere)), _shopPlan);
        await using var database = await PostgresDatabase.CreateAsync("plan");

        Assert.Equal(0, (await DeployAsync(database, _shopPlan, MigrationPhase.Expand, target: "Initial")).Result.ExitCode);
        await database.ExecuteAsync("""INSERT INTO "Customers" ("Name", "Email") SELECT 'c' || g, 'c' || g || '@x' FROM generate_series(1, 3000) g""");
        var early = await DeployAsync(database, _shopPlan, MigrationPhase.Backfill);
        Assert.Equal(ExitCodes.Refused, early.Result.ExitCode);
        Assert.Contains("CustomerDetails still needs its Expand", early.Result.Message);

        foreach (var phase in PhaseNaming.All)
        {
            var run = await DeployAsync(database, _shopPlan, phase);
            Assert.True(run.Result.ExitCode == 0, run.Result.Message);
        }

        Assert.Equal(
            "20261121074208_Initial_Expand,20261121074356_CustomerDetails_Expand,20261121074357_CustomerDetails_Backfill,20261121074358_CustomerDetails_Contract",
            await database.ScalarAsync<string>("""SELECT string_agg("MigrationId", ',' ORDER BY "MigrationId") FROM "__EFMigrationsHistory" """));
        Assert.Equal(3000L, await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "EmailAddress" LIKE 'c%@x'"""));
        Assert.Equal(3000L, await database.ScalarAsync<long>("""SELECT rows_done FROM "__EFSafeMigrations" WHERE step = 'backfill:0'"""));
        Assert.True(await database.ScalarAsync<bool>("""SELECT bool_and(indisvalid) FROM pg_index WHERE indrelid = '"Customers"'::regclass"""));
        var again = await DeployAsync(database, _shopPlan, MigrationPhase.Contract);
        Assert.Equal(0, again.Result.ExitCode);
        Assert.Matches(@"^Contract is already applied: 20261121074358_CustomerDetails_Contract at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC; nothing was changed\.$", again.Result.Message);

        await using var app = new ShopContext(ShopContext.Options(database.ConnectionString));
        Assert.Empty(await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(app.Database));
    }

    [Fact]
    public async Task A_plan_of_another_project_is_refused_with_nothing_changed()
    {
        await WritePlanAsync(RunnerFixtureContext.Create(Nowhere), _otherPlan);
        await using var database = await PostgresDatabase.CreateAsync("plan");
        await RunnerScenario.RunAsync(() => new ShopContext(ShopContext.Options(database.ConnectionString)), RunnerCommand.Phase, MigrationPhase.Expand, target: "Initial");

        var refused = await DeployAsync(database, _otherPlan, MigrationPhase.Expand);

        Assert.Equal(ExitCodes.Refused, refused.Result.ExitCode);
        Assert.Contains("The database has migrations this plan of EfSafeMigrations.Tests does not hold (20261121074208_Initial_Expand)", refused.Result.Message);
        Assert.Equal(1L, await database.ScalarAsync<long>("""SELECT count(*) FROM "__EFMigrationsHistory" """));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'Items'"));
    }

    public void Dispose()
    {
        Directory.Delete(_shopPlan, recursive: true);
        Directory.Delete(_otherPlan, recursive: true);
    }

    private static async Task WritePlanAsync(Microsoft.EntityFrameworkCore.DbContext context, string folder)
    {
        await using (context)
        {
            var request = new RunnerRequest { Command = RunnerCommand.Plan, Assembly = "in-process", OutputDir = folder };
            Assert.Equal(0, await new SafeMigrationRunner(context, request.Settings, new RecordingEvents()).RunAsync(request, CancellationToken.None));
        }
    }

    private static async Task<RecordingEvents> DeployAsync(PostgresDatabase database, string folder, MigrationPhase phase, string? target = null)
    {
        var events = new RecordingEvents();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await new PlanDeployer(connection, PlanReader.Read(folder), new RunnerSettings(), events).PhaseAsync(phase, target, dryRun: false, CancellationToken.None);
        return events;
    }
}
