using EfSafeMigrations.Linting;
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

    [Theory]
    [InlineData("UPDATE \"Orders\" SET \"Status\" = 'archived' WHERE \"PlacedAt\" < now() - interval '1 year';", "UPDATE")]
    [InlineData("UPDATE orders SET total = 0 WHERE total IS NULL", "UPDATE")]
    [InlineData("update orders set status = 'x' where customer_id in (select id from customers where banned) returning id;", "UPDATE")]
    [InlineData("DELETE FROM \"Sessions\" WHERE \"ExpiresAt\" < now();", "DELETE")]
    [InlineData("UPDATE orders SET status = 'x' WHERE id = 1 OR status = 'y';", "UPDATE")]
    public void ESM0013_bulk_update_or_delete_with_where_asks_for_batches(string sql, string verb)
    {
        var diagnostic = Single(Lint([new SqlOperation { Sql = sql }]), "ESM0013");

        Assert.Equal(
            $"Raw SQL: {verb} ... WHERE changes every matching row in the migration's one transaction and holds their row locks until it commits: the app's writes to those rows wait, for as long as the whole statement takes.",
            diagnostic.Message);
        Assert.StartsWith("If it fills a column where it is NULL, use migrationBuilder.Backfill(table, column, valueSql, keyColumns) in a Backfill migration", diagnostic.Fix);
        Assert.StartsWith(verb, diagnostic.Anchor, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("UPDATE \"Settings\" SET \"Value\" = 'on' WHERE \"Id\" = 3;")]
    [InlineData("UPDATE orders SET status = 'x' WHERE customer_id IN (1, 2, 3) AND id = 7;")]
    [InlineData("DELETE FROM \"Sessions\" WHERE \"SessionId\" = 'abc';")]
    public void ESM0013_an_update_of_rows_named_by_key_values_is_silent(string sql) => Assert.Empty(Lint([new SqlOperation { Sql = sql }]));

    [Fact]
    public void ESM0013_the_body_of_a_function_runs_later_but_a_do_block_runs_now()
    {
        const string trigger = """
            CREATE OR REPLACE FUNCTION touch_customer() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                UPDATE "Customers" SET "UpdatedAt" = now() WHERE "Id" = NEW."CustomerId";
                RETURN NEW;
            END
            $fn$;
            CREATE TRIGGER orders_touch AFTER INSERT ON "Orders" FOR EACH ROW EXECUTE FUNCTION touch_customer();
            """;
        const string block = """
            DO $$
            BEGIN
                UPDATE "Customers" SET "Tier" = 'gold' WHERE "Spent" > 1000;
            END
            $$;
            """;

        Assert.Empty(Lint([new SqlOperation { Sql = trigger }]));
        Assert.Contains("UPDATE ... WHERE changes every matching row", Single(Lint([new SqlOperation { Sql = block }]), "ESM0013").Message);
    }

    [Fact]
    public void ESM0013_several_statements_in_one_block_each_pattern_once()
    {
        var sql = "CREATE INDEX ix_orders_status ON orders (status);\nUPDATE orders SET status = 'new' WHERE status IS NULL;\nUPDATE orders SET flag = true WHERE flag IS NULL;";

        var findings = Lint([new SqlOperation { Sql = sql }]);

        Assert.Equal(["ESM0013", "ESM0013"], findings.Select(d => d.Code));
        Assert.Equal(["CREATE INDEX ix_orders_status ON orders", "UPDATE orders SET status = 'new' WHERE s"], findings.Select(d => d.Anchor));
    }

    [Fact]
    public void ESM0019_sql_not_written_in_the_migration_source_is_a_warning_naming_the_migration()
    {
        const string source = """
            public partial class ArchiveOrders : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.Sql(@"UPDATE ""Orders"" SET ""Archived"" = true WHERE ""Id"" = 1;");
                    migrationBuilder.Sql(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scripts", "archive.sql")));
                    migrationBuilder.Sql($"CREATE VIEW \"Recent\" AS SELECT * FROM \"{Table}\"\nWHERE \"PlacedAt\" > now() - interval '30 days';");
                }
            }
            """;
        var inline = new SqlOperation { Sql = "UPDATE \"Orders\" SET \"Archived\" = true WHERE \"Id\" = 1;" };
        var script = new SqlOperation { Sql = "-- archive old orders\nINSERT INTO \"OrderArchive\" SELECT * FROM \"Orders\" WHERE \"Id\" = 1;\n" };
        var interpolated = new SqlOperation { Sql = "CREATE VIEW \"Recent\" AS SELECT * FROM \"Orders\"\nWHERE \"PlacedAt\" > now() - interval '30 days';" };

        var diagnostics = new Linter().Lint(
            [new LintTarget(Migration, null, [inline, script, interpolated], new HashSet<string>(), source)],
            new LintSettings(EfSafeMigrations.Dialects.DatabaseDialects.PostgreSql, 15, OnlineDdl: false));

        var diagnostic = Single(diagnostics, "ESM0019");
        Assert.Equal((LintSeverity.Warning, 1), (diagnostic.Severity, diagnostic.OperationIndex));
        Assert.Equal(
            "20261121000000_Change: Raw SQL starting \"-- archive old orders\" is not written in the migration's source file: it is read when the migration runs (a script file, a resource or another class). "
            + "The lint checked the text it read now; the deploy runs whatever the file holds then, reviewers of the migration do not see it, and findings in it point at Up. "
            + "Write the SQL in migrationBuilder.Sql(...) in the migration, or review the script against docs/lint-rules.md and say so: [SuppressSafeMigrationRule(\"ESM0019\", \"script reviewed\")].",
            diagnostic.Text);
    }

    [Fact]
    public void ESM0019_without_the_source_says_nothing_and_suppressed_says_nothing()
    {
        var script = new SqlOperation { Sql = "INSERT INTO \"OrderArchive\" SELECT * FROM \"Orders\" WHERE \"Id\" = 1;" };
        var settings = new LintSettings(EfSafeMigrations.Dialects.DatabaseDialects.PostgreSql, 15, OnlineDdl: false);

        Assert.Empty(new Linter().Lint([new LintTarget(Migration, null, [script], new HashSet<string>())], settings));
        Assert.Empty(new Linter().Lint([new LintTarget(Migration, null, [script], new HashSet<string> { "ESM0019" }, "class M { }")], settings));
    }

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
