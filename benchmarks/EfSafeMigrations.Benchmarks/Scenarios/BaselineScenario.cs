using EfSafeMigrations.Benchmarks.Model;
using EfSafeMigrations.Benchmarks.Setup;
using Npgsql;

namespace EfSafeMigrations.Benchmarks.Scenarios;

/// <summary>
/// The backfill baseline: the new column filled by one <c>UPDATE t SET c = expr</c>, on a copy that has
/// the shape the staged table has while it is backfilled (the column nullable, the index, the foreign key
/// NOT VALID) but not the staged trigger.
/// </summary>
public static class BaselineScenario
{
    /// <summary>Runs it on <paramref name="connectionString"/>.</summary>
    public static async Task<ScenarioRun> RunAsync(string connectionString, BenchmarkOptions options)
    {
        await BenchDatabases.ExecuteAsync(connectionString, $"""
            ALTER TABLE "{BenchTable.Accounts}" ADD COLUMN "{BenchTable.Label}" text;
            CREATE INDEX "{BenchTable.RegionIndex}" ON "{BenchTable.Accounts}" ("RegionId");
            ALTER TABLE "{BenchTable.Accounts}" ADD CONSTRAINT "{BenchTable.RegionForeignKey}" FOREIGN KEY ("RegionId")
                REFERENCES "{BenchTable.Regions}" ("Id") ON DELETE CASCADE NOT VALID;
            """).ConfigureAwait(false);

        var run = new ScenarioRun("baseline", "Single UPDATE (backfill baseline)");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await run.RunAsync(connectionString, options, _ => run.PhaseAsync("single UPDATE", async () =>
        {
            await using var command = new NpgsqlCommand(BenchTable.SingleUpdateSql, connection) { CommandTimeout = 0 };
            run.RowsUpdated = await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        })).ConfigureAwait(false);
        return run;
    }
}
