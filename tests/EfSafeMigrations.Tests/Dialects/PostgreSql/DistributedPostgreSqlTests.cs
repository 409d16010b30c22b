using EfSafeMigrations.Dialects.PostgreSql;

namespace EfSafeMigrations.Tests.Dialects.PostgreSql;

/// <summary>What <c>version()</c> says on servers that speak PostgreSQL's protocol, and which of them the runner refuses.</summary>
public sealed class DistributedPostgreSqlTests
{
    [Theory]
    [InlineData("CockroachDB CCL v24.1.0 (x86_64-pc-linux-gnu, built 2024/05/15 21:28:29, go1.22.2 X:nocoverageredesign)", "The database is CockroachDB (CockroachDB CCL):")]
    [InlineData("CockroachDB OSS v21.2.17 (x86_64-unknown-linux-gnu, built 2022/10/31 18:15:31, go1.16.6)", "The database is CockroachDB (CockroachDB OSS):")]
    [InlineData("PostgreSQL 11.2-YB-2.20.1.0-b0 on x86_64-pc-linux-gnu, compiled by clang version 16.0.6, 64-bit", "The database is YugabyteDB (PostgreSQL 11.2-YB-2.20.1.0-b0):")]
    [InlineData("PostgreSQL 15.2-YB-2025.1.0.0-b0 on x86_64-pc-linux-gnu, compiled by clang version 17.0.6, 64-bit", "The database is YugabyteDB (PostgreSQL 15.2-YB-2025.1.0.0-b0):")]
    public void Distributed_sql_servers_are_refused_by_name(string version, string start)
    {
        var refusal = DistributedPostgreSql.Refusal(version);

        Assert.NotNull(refusal);
        Assert.StartsWith(start, refusal, StringComparison.Ordinal);
        Assert.EndsWith("nothing was changed. See docs/distributed-sql.md.", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit")]
    [InlineData("PostgreSQL 18.4 on x86_64-pc-linux-gnu, compiled by gcc (GCC) 8.5.0, 64-bit")]
    public void PostgreSQL_itself_is_not_refused(string version)
        => Assert.Null(DistributedPostgreSql.Refusal(version));
}
