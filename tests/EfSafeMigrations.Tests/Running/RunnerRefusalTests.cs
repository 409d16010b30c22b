using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Running.Fixtures;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Running;

/// <summary>What the runner refuses, each with its exit code, a message saying what to do, and nothing changed.</summary>
public sealed class RunnerRefusalTests
{
    [Fact]
    public async Task Expand_touching_what_an_earlier_groups_pending_contract_changes_is_refused_until_that_group_is_finished()
    {
        await using var database = await PostgresDatabase.CreateAsync("refuse");
        Func<RunnerFixtureContext> fixture = () => RunnerFixtureContext.Create(database.ConnectionString);

        var refused = await RunnerScenario.RunAsync(fixture, RunnerCommand.Phase, MigrationPhase.Expand);

        Assert.Equal(ExitCodes.Refused, refused.Result.ExitCode);
        Assert.Contains("Expand of Extra refused, nothing changed: it changes Items, which the pending Contract of Label also changes", refused.Result.Message);
        Assert.Contains("--to Label", refused.Result.Message);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));

        foreach (var phase in PhaseNaming.All)
        {
            Assert.Equal(0, (await RunnerScenario.RunAsync(fixture, RunnerCommand.Phase, phase, target: "Label")).Result.ExitCode);
        }

        var extra = await RunnerScenario.RunAsync(fixture, RunnerCommand.Phase, MigrationPhase.Expand);
        Assert.Equal((0, "Expand applied: 20260101000004_Extra_Expand."), (extra.Result.ExitCode, extra.Result.Message));
    }

    [Fact]
    public async Task Backfill_with_a_placeholder_or_on_a_table_without_a_primary_key_is_refused_before_anything_runs()
    {
        await using var database = await PostgresDatabase.CreateAsync("refuse");
        Func<BrokenFixtureContext> fixture = () => BrokenFixtureContext.Create(database.ConnectionString);
        await RunnerScenario.RunAsync(fixture, RunnerCommand.Phase, MigrationPhase.Expand);

        var refused = await RunnerScenario.RunAsync(fixture, RunnerCommand.Phase, MigrationPhase.Backfill);

        Assert.Equal(ExitCodes.Refused, refused.Result.ExitCode);
        Assert.Contains("the backfill of Notes.Upper is still the placeholder; write its SQL expression", refused.Result.Message);
        Assert.Contains("table Logs has no primary key, so Level cannot be backfilled in batches", refused.Result.Message);
        Assert.DoesNotContain(refused.All, e => e is StepEvent);
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\""));
    }
}
