using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>`plan --output` then `phase ... --plan DIR`: the published plan deployed by the tool alone, no app and no build.</summary>
public sealed class PlanDeployThroughToolTests : IDisposable
{
    private readonly string _plan = Path.Combine(Directory.CreateTempSubdirectory("efsm-tool-plan-").FullName, "safe-migrations");

    [Fact]
    public async Task A_written_plan_deploys_phase_by_phase_and_a_changed_one_is_refused()
    {
        await using var database = await PostgresDatabase.CreateAsync("toolplan");
        var written = await SafeMigrateCli.RunAsync(["plan", "--assembly", SafeMigrateCli.ShopAssembly, "--output", _plan]);
        Assert.True(written.ExitCode == 0, written.Describe());

        foreach (var phase in new[] { "expand", "backfill", "contract" })
        {
            var run = await SafeMigrateCli.RunAsync(["phase", phase, "--plan", _plan, "--connection", database.ConnectionString]);
            Assert.True(run.ExitCode == 0, run.Describe());
            Assert.Contains("applied from the plan", run.StandardOutput, StringComparison.Ordinal);
        }

        Assert.Equal(4L, await database.ScalarAsync<long>("""SELECT count(*) FROM "__EFMigrationsHistory" """));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE column_name = 'Email'"));

        File.AppendAllText(Path.Combine(_plan, "CustomerDetails", "contract.sql"), "DROP TABLE \"Orders\";\n");
        await using var other = await PostgresDatabase.CreateAsync("toolplan");
        var refused = await SafeMigrateCli.RunAsync(["phase", "expand", "--plan", _plan, "--connection", other.ConnectionString]);
        Assert.Equal(ExitCodes.Refused, refused.ExitCode);
        Assert.Contains("CustomerDetails/contract.sql does not match the checksum in the manifest", refused.AllOutput, StringComparison.Ordinal);
        Assert.Equal(0L, await other.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));

        var noConnection = await SafeMigrateCli.RunAsync(["phase", "expand", "--plan", _plan]);
        Assert.Equal(ExitCodes.Usage, noConnection.ExitCode);
        Assert.Contains("pass --connection or set SAFE_MIGRATE_CONNECTION", noConnection.AllOutput, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_plan)!, recursive: true);
}
