using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using Npgsql;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// A server that answers <c>version()</c> as CockroachDB does is refused by the real tool before anything is written.
/// No CockroachDB can be installed here, so this is a real PostgreSQL whose <c>version()</c> is shadowed for the
/// runner's session (a function of the same name in a schema searched before pg_catalog): the tool's whole path runs,
/// only the server's self-description is CockroachDB's.
/// </summary>
public sealed class DistributedSqlThroughToolTests
{
    private const string TablesOutsidePretend =
        "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema', 'pretend')";

    [Theory]
    [InlineData("status")]
    [InlineData("phase", "expand")]
    [InlineData("flag", "Initial.approved")]
    public async Task A_CockroachDB_server_is_refused_with_exit_code_3_and_nothing_changed(params string[] command)
    {
        await using var database = await PostgresDatabase.CreateAsync("pretend_crdb");
        await database.ExecuteAsync("""
            CREATE SCHEMA pretend;
            CREATE FUNCTION pretend.version() RETURNS text LANGUAGE sql
                AS $$ SELECT 'CockroachDB CCL v24.1.0 (x86_64-pc-linux-gnu, built 2024/05/15 21:28:29, go1.22.2)'::text $$;
            """);
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { SearchPath = "pretend,pg_catalog,public" }.ConnectionString;

        var result = await SafeMigrateCli.RunAsync([.. command, "--assembly", SafeMigrateCli.ShopAssembly, "--connection", connection]);

        Assert.True(result.ExitCode == ExitCodes.Refused, "Expected exit code 3. " + result.Describe());
        Assert.Contains("The database is CockroachDB (CockroachDB CCL):", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("nothing was changed. See docs/distributed-sql.md.", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.AllOutput, StringComparison.Ordinal);
        Assert.Equal(0L, await database.ScalarAsync<long>(TablesOutsidePretend));
    }
}
