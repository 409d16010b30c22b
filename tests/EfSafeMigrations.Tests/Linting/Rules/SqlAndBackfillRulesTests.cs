using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using static EfSafeMigrations.Tests.Linting.LintScenario;

namespace EfSafeMigrations.Tests.Linting.Rules;

/// <summary>ESM0013 raw SQL and ESM0014 the backfill placeholder.</summary>
public sealed class SqlAndBackfillRulesTests
{
    [Theory]
    [InlineData("CREATE INDEX ix ON people (email);", "CREATE INDEX without CONCURRENTLY")]
    [InlineData("DROP INDEX ix;", "DROP INDEX without CONCURRENTLY")]
    [InlineData("ALTER TABLE people ALTER COLUMN email SET NOT NULL;", "SET NOT NULL scans")]
    [InlineData("ALTER TABLE people ALTER COLUMN score TYPE bigint;", "TYPE may rewrite")]
    [InlineData("ALTER TABLE people ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id);", "without NOT VALID")]
    [InlineData("UPDATE people SET score = 0;", "without WHERE")]
    [InlineData("LOCK TABLE people IN ACCESS EXCLUSIVE MODE;", "LOCK TABLE")]
    public void ESM0013_unsafe_raw_sql(string sql, string problem)
        => Assert.Contains(problem, Single(Lint([new SqlOperation { Sql = sql }]), "ESM0013").Message);

    [Theory]
    [InlineData("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON people (email);")]
    [InlineData("ALTER TABLE people ADD CONSTRAINT fk FOREIGN KEY (team_id) REFERENCES teams (id) NOT VALID;")]
    [InlineData("UPDATE people SET score = 0 WHERE id = 1;")]
    [InlineData("SELECT 1;")]
    public void ESM0013_safe_raw_sql_is_silent(string sql) => Assert.Empty(Lint([new SqlOperation { Sql = sql }]));

    [Fact]
    public void ESM0013_suppressed() => Assert.Empty(Lint([Suppressed(new SqlOperation { Sql = "LOCK TABLE people;" }, "ESM0013")]));

    [Fact]
    public void ESM0014_placeholder_in_a_backfill_or_a_fill_trigger()
    {
        var backfill = new BackfillOperation { Table = "People", Column = "FullName", ValueSql = BackfillSql.PlaceholderValue, KeyColumns = ["Id"] };
        var trigger = new AddFillTriggerOperation { Table = "People", Column = "FullName", ValueSql = BackfillSql.PlaceholderValue };

        Assert.Equal(["ESM0014", "ESM0014"], Lint([trigger, backfill], MigrationPhase.Backfill).Select(d => d.Code));
        Assert.Empty(Lint([new BackfillOperation { Table = "People", Column = "FullName", ValueSql = "upper(\"Name\")", KeyColumns = ["Id"] }], MigrationPhase.Backfill));
        Assert.Empty(Lint([Suppressed(backfill, "ESM0014")], MigrationPhase.Backfill));
    }
}
