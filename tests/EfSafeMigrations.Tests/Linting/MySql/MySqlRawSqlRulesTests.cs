using EfSafeMigrations.Linting;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using static EfSafeMigrations.Tests.Linting.LintScenario;

namespace EfSafeMigrations.Tests.Linting.MySql;

/// <summary>ESM0013 and ESM0019 on MySQL and MariaDB, and ESM0021: data changed in a migration whose DDL commits at once.</summary>
public sealed class MySqlRawSqlRulesTests
{
    private const string NoAlgorithm =
        "Raw SQL: ALTER TABLE without ALGORITHM=INSTANT or ALGORITHM=INPLACE lets the server copy the table without a word when it can make the change no other way, blocking writes for the whole copy.";

    [Theory]
    [InlineData("ALTER TABLE `People` MODIFY `Score` bigint NOT NULL;", NoAlgorithm, "ALTER TABLE `People` MODIFY `Score` bigi")]
    [InlineData("ALTER TABLE `People` ADD `Nickname` longtext NULL, ALGORITHM=COPY;", "Raw SQL: ALGORITHM=COPY copies the table, blocking writes for the whole copy.", "ALGORITHM=COPY;")]
    [InlineData("ALTER TABLE `People` ADD INDEX `IX_Email` (`Email`), ALGORITHM=INPLACE, LOCK=SHARED;", "Raw SQL: LOCK=SHARED blocks writes (LOCK=EXCLUSIVE reads and writes) for the whole ALTER.", "LOCK=SHARED;")]
    [InlineData("ALTER TABLE `People` ADD CONSTRAINT `FK_People_Teams` FOREIGN KEY (`TeamId`) REFERENCES `Teams` (`Id`);",
        "Raw SQL: ADD FOREIGN KEY with foreign_key_checks on copies the table to check its rows, blocking writes for the whole copy.", "ADD CONSTRAINT `FK_People_Teams` FOREIGN")]
    [InlineData("ALTER TABLE `People` ADD CONSTRAINT `CK_Score` CHECK (`Score` >= 0);",
        "Raw SQL: ADD CHECK copies the table to check its rows, blocking writes for the whole copy (MySQL and MariaDB add a CHECK constraint to an existing table no other way).", "ADD CONSTRAINT `CK_Score` CHECK (`Score`")]
    [InlineData("CREATE FULLTEXT INDEX `IX_Bio` ON `People` (`Bio`);", "Raw SQL: a FULLTEXT or SPATIAL index is built with writes blocked (the server cannot build it with LOCK=NONE).", "CREATE FULLTEXT INDEX `IX_Bio` ON `Peopl")]
    [InlineData("UPDATE `People` SET `Score` = 0;", "Raw SQL: UPDATE or DELETE without WHERE changes every row in one statement, holding all their row locks until it commits.", "UPDATE `People` SET `Score` = 0;")]
    [InlineData("LOCK TABLES `People` WRITE;", "Raw SQL: LOCK TABLES blocks the app until UNLOCK TABLES or the end of the session.", "LOCK TABLES `People` WRITE;")]
    public void ESM0013_what_blocks_writes_on_mysql(string sql, string message, string anchor)
    {
        var diagnostic = Single(LintMySql([new SqlOperation { Sql = sql }]), "ESM0013");

        Assert.Equal((message, anchor), (diagnostic.Message, diagnostic.Anchor));
    }

    [Fact]
    public void ESM0013_the_fixes_say_what_to_write_instead()
    {
        Assert.Equal(
            "Add ALGORITHM=INSTANT (or ALGORITHM=INPLACE, LOCK=NONE) to the statement: the server then refuses a change it could only make by copying, instead of making it.",
            Single(LintMySql([new SqlOperation { Sql = "ALTER TABLE `People` MODIFY `Score` bigint NOT NULL;" }]), "ESM0013").Fix);
        Assert.Equal(
            "Use migrationBuilder.AddForeignKey(...) with options.UseSafeMigrations() (in place with foreign_key_checks off for that one statement, then the rows already there counted by query), "
            + "or, when every row is known to match, SET SESSION foreign_key_checks = 0; before the ALTER (with ALGORITHM=INPLACE, LOCK=NONE) and SET SESSION foreign_key_checks = 1; after it.",
            Single(LintMySql([new SqlOperation { Sql = "ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES p (id);" }]), "ESM0013").Fix);
    }

    [Theory]
    [InlineData("CREATE INDEX `IX_Email` ON `People` (`Email`);")]
    [InlineData("DROP INDEX `IX_Email` ON `People`;")]
    [InlineData("CREATE UNIQUE INDEX `IX_Email` ON `People` (`Email`);")]
    [InlineData("ALTER TABLE `People` ADD `Nickname` longtext NULL, ALGORITHM=INSTANT;")]
    [InlineData("ALTER TABLE `People` MODIFY `Nickname` longtext NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;")]
    [InlineData("ALTER TABLE `People` RENAME INDEX `IX_A` TO `IX_B`, LOCK=NONE;")]
    [InlineData("ALTER ONLINE TABLE `People` ADD `Nickname` longtext NULL;")]
    [InlineData("SET SESSION foreign_key_checks = 0;\nALTER TABLE `People` ADD CONSTRAINT `FK_People_Teams` FOREIGN KEY (`TeamId`) REFERENCES `Teams` (`Id`), ALGORITHM=INPLACE, LOCK=NONE;\nSET SESSION foreign_key_checks = 1;")]
    [InlineData("ALTER TABLE `People` ADD CONSTRAINT `FK_People_Teams` FOREIGN KEY (`TeamId`) REFERENCES `Teams` (`Id`), ALGORITHM=INPLACE;")]
    [InlineData("ALTER TABLE `People` ADD CONSTRAINT `CK_Score` CHECK (`Score` >= 0) NOT ENFORCED;")]
    [InlineData("UPDATE `Settings` SET `Value` = 'on' WHERE `Id` = 3;")]
    [InlineData("SELECT 1;")]
    public void ESM0013_what_runs_in_place_or_fails_fast_is_silent(string sql) => Assert.Empty(LintMySql([new SqlOperation { Sql = sql }]));

    [Fact]
    public void ESM0013_postgresql_patterns_do_not_apply()
    {
        Assert.Empty(LintMySql([new SqlOperation { Sql = "CREATE INDEX ix ON people (email);" }]));
        Assert.Empty(LintMySql([new SqlOperation { Sql = "DROP INDEX ix ON people;" }]));
    }

    [Fact]
    public void ESM0013_a_bulk_update_holds_its_row_locks_until_its_own_transaction_commits()
    {
        var diagnostic = Single(LintMySql([new SqlOperation { Sql = "UPDATE `Orders` SET `Status` = 'archived' WHERE `PlacedAt` < NOW() - INTERVAL 1 YEAR;" }]), "ESM0013");

        Assert.Equal(
            "Raw SQL: UPDATE ... WHERE changes every matching row in one statement and holds their row locks until its transaction commits: the app's writes to those rows wait, for as long as the whole statement takes.",
            diagnostic.Message);
        Assert.StartsWith("If it fills a column where it is NULL, use migrationBuilder.Backfill(table, column, valueSql, keyColumns) in a Backfill migration", diagnostic.Fix);
    }

    [Fact]
    public void ESM0013_a_trigger_body_runs_later()
    {
        const string trigger = """
            CREATE TRIGGER `orders_touch` AFTER INSERT ON `Orders` FOR EACH ROW
            BEGIN
                UPDATE `Customers` SET `UpdatedAt` = NOW() WHERE `Tier` = 'gold';
            END
            """;

        Assert.Empty(LintMySql([new SqlOperation { Sql = trigger }]));
        Assert.Empty(LintMySql([new SqlOperation { Sql = "CREATE TRIGGER `t` BEFORE UPDATE ON `Orders` FOR EACH ROW SET NEW.`Total` = 0" }]));
    }

    [Fact]
    public void ESM0019_sql_not_written_in_the_source_is_the_same_warning()
    {
        var script = new SqlOperation { Sql = "INSERT INTO `OrderArchive` SELECT * FROM `Orders` WHERE `Id` = 1;" };

        var diagnostics = new Linter().Lint(
            [new LintTarget(Migration, null, [script], new HashSet<string>(), "class M { }")],
            new LintSettings(EfSafeMigrations.Dialects.DatabaseDialects.MySql, null, OnlineDdl: true));

        Assert.StartsWith("Raw SQL starting \"INSERT INTO `OrderArchive` SELECT * FROM `Orders` WHERE `Id`...\" is not written in the migration's source file", Single(diagnostics, "ESM0019").Message);
    }

    [Fact]
    public void ESM0021_data_changed_beside_ddl_is_not_atomic_and_runs_again_on_a_rerun()
    {
        var add = new AddColumnOperation { Table = "Orders", Name = "Archived", ClrType = typeof(bool), ColumnType = "tinyint(1)", IsNullable = true };
        var update = new SqlOperation { Sql = "UPDATE `Orders` SET `Archived` = 1 WHERE `Id` = 7;" };

        var diagnostic = Single(LintMySql([add, update], onlineDdl: true), "ESM0021");

        Assert.Equal((LintSeverity.Warning, 1), (diagnostic.Severity, diagnostic.OperationIndex));
        Assert.Equal(
            "20261121000000_Change: Raw SQL \"UPDATE `Orders` SET `Archived` = 1 WHERE `Id` = 7\" changes data in a migration that also changes the schema: MySQL and MariaDB commit each DDL statement at once, "
            + "so the migration is not one transaction: when a later statement fails, what ran before it stays, and running the migration again runs this SQL again. "
            + "Write it so that running it twice changes nothing (UPDATE ... WHERE the value is still the old one, INSERT ... ON DUPLICATE KEY UPDATE), or move it to a migration of its own; "
            + "a column fill belongs in migrationBuilder.Backfill(...).",
            diagnostic.Text);
        var findings = LintMySql([new SqlOperation { Sql = "ALTER TABLE `Orders` ADD `Archived` tinyint(1) NULL, ALGORITHM=INSTANT;\nDELETE FROM `Orders` WHERE `Id` = 7 AND `Archived` IS NULL AND `Status` = 'cancelled';" }]);
        Assert.Equal(["ESM0013", "ESM0021"], findings.Select(d => d.Code));
        var both = findings[1];
        Assert.StartsWith("Raw SQL \"DELETE FROM `Orders` WHERE `Id` = 7 AND `Archived` IS NULL A...\" changes data", both.Message);
        Assert.Equal("DELETE FROM `Orders` WHERE `Id` = 7 AND ", both.Anchor);
    }

    [Fact]
    public void ESM0021_is_silent_for_data_alone_for_rows_a_rerun_skips_and_on_postgresql()
    {
        var add = new AddColumnOperation { Table = "Orders", Name = "Archived", ClrType = typeof(bool), ColumnType = "tinyint(1)", IsNullable = true };
        var update = new SqlOperation { Sql = "UPDATE `Orders` SET `Archived` = 1 WHERE `Id` = 7;" };

        Assert.Empty(LintMySql([update, new SqlOperation { Sql = "DELETE FROM `Sessions` WHERE `Id` = 1;" }]));
        Assert.Empty(LintMySql([add, new SqlOperation { Sql = "INSERT IGNORE INTO `Tiers` (`Id`, `Name`) VALUES (1, 'gold');" }]));
        Assert.Empty(LintMySql([add, new SqlOperation { Sql = "INSERT INTO `Tiers` (`Id`, `Name`) VALUES (1, 'gold') ON DUPLICATE KEY UPDATE `Name` = 'gold';" }]));
        Assert.Empty(LintMySql([add, update], suppressed: ["ESM0021"]));
        Assert.DoesNotContain(Lint([add, update]), d => d.Code == "ESM0021");
    }
}
