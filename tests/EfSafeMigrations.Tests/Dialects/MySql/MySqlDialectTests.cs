using EfSafeMigrations.Dialects;
using EfSafeMigrations.Operations;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Tests.Dialects.MySql;

/// <summary>The MySQL and MariaDB SQL of EfSafeMigrations' own operations and of the online form of EF Core's.</summary>
public sealed class MySqlDialectTests
{
    private static readonly DatabaseDialect Dialect = DatabaseDialects.MySql;

    [Fact]
    public void Fill_trigger_is_one_trigger_per_event_reading_the_row_as_NEW_the_update_one_first()
    {
        var steps = Dialect.Generate(new AddFillTriggerOperation
        {
            Table = "People", Column = "FullName", ValueSql = "CONCAT(`FirstName`, ' ', `LastName`)", RecomputeOnUpdate = true,
        });

        Assert.Equal(
            [
                Comparable(new OnlineAlterStep(
                    ["""
                    CREATE TRIGGER `esm_fill_People_FullName_upd` BEFORE UPDATE ON `People` FOR EACH ROW
                    BEGIN
                        IF NEW.`FullName` IS NULL OR NEW.`FullName` <=> OLD.`FullName` THEN SET NEW.`FullName` = (CONCAT(NEW.`FirstName`, ' ', NEW.`LastName`)); END IF;
                    END;
                    """],
                    "SELECT EXISTS (SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = 'esm_fill_People_FullName_upd');",
                    "The server refused the trigger.")),
                Comparable(new OnlineAlterStep(
                    ["""
                    CREATE TRIGGER `esm_fill_People_FullName_ins` BEFORE INSERT ON `People` FOR EACH ROW
                    BEGIN
                        IF NEW.`FullName` IS NULL THEN SET NEW.`FullName` = (CONCAT(NEW.`FirstName`, ' ', NEW.`LastName`)); END IF;
                    END;
                    """],
                    "SELECT EXISTS (SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = 'esm_fill_People_FullName_ins');",
                    "The server refused the trigger.")),
            ],
            steps.Select(Comparable).ToList());
    }

    [Fact]
    public void Rename_sync_triggers_copy_each_side_to_the_other_the_update_one_first_and_are_dropped_one_by_one()
    {
        var add = Dialect.Generate(new AddRenameSyncTriggerOperation { Table = "People", OldColumn = "Email", NewColumn = "EmailAddress" });
        var drop = Dialect.Generate(new DropRenameSyncTriggerOperation { Table = "People", OldColumn = "Email", NewColumn = "EmailAddress" });

        Assert.Equal(
            """
            CREATE TRIGGER `esm_sync_People_Email_EmailAddress_upd` BEFORE UPDATE ON `People` FOR EACH ROW
            BEGIN
                IF NOT (NEW.`EmailAddress` <=> OLD.`EmailAddress`) THEN SET NEW.`Email` = NEW.`EmailAddress`; ELSEIF NOT (NEW.`Email` <=> OLD.`Email`) THEN SET NEW.`EmailAddress` = NEW.`Email`; END IF;
            END;
            """,
            Assert.IsType<OnlineAlterStep>(add[0]).Attempts.Single());
        Assert.Contains("BEFORE INSERT", Assert.IsType<OnlineAlterStep>(add[1]).Attempts.Single(), StringComparison.Ordinal);
        Assert.Equal(
            [
                new DdlStep("DROP TRIGGER IF EXISTS `esm_sync_People_Email_EmailAddress_ins`;", Transactional: false),
                new DdlStep("DROP TRIGGER IF EXISTS `esm_sync_People_Email_EmailAddress_upd`;", Transactional: false),
            ],
            drop);
    }

    [Fact]
    public void A_column_is_added_instantly_else_in_place_and_skipped_when_it_is_there()
    {
        var steps = Dialect.Rewrite(
            new AddColumnOperation { Table = "People", Name = "Nickname", ClrType = typeof(string), ColumnType = "longtext", IsNullable = true },
            "ALTER TABLE `People` ADD `Nickname` longtext CHARACTER SET utf8mb4 NULL;\n",
            tableIsNew: false);

        var step = Assert.IsType<OnlineAlterStep>(Assert.Single(steps!));
        Assert.Equal(
            [
                "ALTER TABLE `People` ADD `Nickname` longtext CHARACTER SET utf8mb4 NULL, ALGORITHM=INSTANT;\n",
                "ALTER TABLE `People` ADD `Nickname` longtext CHARACTER SET utf8mb4 NULL, ALGORITHM=INPLACE, LOCK=NONE;\n",
            ],
            step.Attempts);
        Assert.Equal(
            "SELECT EXISTS (SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'People' AND COLUMN_NAME = 'Nickname');",
            step.DoneWhen);
        Assert.Contains("by copying the table", step.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_is_built_in_place_with_writes_going_on()
    {
        var steps = Dialect.Rewrite(
            new CreateIndexOperation { Name = "IX_People_Email", Table = "People", Columns = ["Email"] },
            "CREATE INDEX `IX_People_Email` ON `People` (`Email`);\n",
            tableIsNew: false);

        var step = Assert.IsType<OnlineAlterStep>(Assert.Single(steps!));
        Assert.Equal(["SET SESSION lock_wait_timeout = 1;\nCREATE INDEX `IX_People_Email` ON `People` (`Email`) ALGORITHM=INPLACE LOCK=NONE;"], step.Attempts);
    }

    [Fact]
    public void A_foreign_key_is_added_in_place_with_checks_off_for_that_statement_then_its_rows_are_counted()
    {
        var steps = Dialect.Rewrite(
            new AddForeignKeyOperation
            {
                Name = "FK_Orders_People_PersonId", Table = "Orders", Columns = ["PersonId"], PrincipalTable = "People", PrincipalColumns = ["Id"],
            },
            "ALTER TABLE `Orders` ADD CONSTRAINT `FK_Orders_People_PersonId` FOREIGN KEY (`PersonId`) REFERENCES `People` (`Id`) ON DELETE CASCADE;\n",
            tableIsNew: false)!;

        var add = Assert.IsType<OnlineAlterStep>(steps[0]);
        Assert.Equal(
            ["SET SESSION foreign_key_checks = 0;\nALTER TABLE `Orders` ADD CONSTRAINT `FK_Orders_People_PersonId` FOREIGN KEY (`PersonId`) REFERENCES `People` (`Id`) ON DELETE CASCADE, ALGORITHM=INPLACE, LOCK=NONE;\n"],
            add.Attempts);
        Assert.Equal("SET SESSION foreign_key_checks = DEFAULT;", add.Reset);
        var check = Assert.IsType<CheckStep>(steps[1]);
        Assert.Equal(
            "SELECT COUNT(*) FROM `Orders` t WHERE t.`PersonId` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `People` p WHERE p.`Id` = t.`PersonId`);",
            check.Query);
    }

    [Fact]
    public void Seed_rows_already_inserted_are_skipped_on_a_rerun()
        => Assert.Equal(
            [new DdlStep("INSERT INTO `Countries` (`Code`, `Name`)\nVALUES ('NL', 'Nether;lands') ON DUPLICATE KEY UPDATE `Code` = `Code`;\n", Transactional: false)],
            Dialect.Rewrite(
                new InsertDataOperation { Table = "Countries", Columns = ["Code", "Name"], Values = new object?[,] { { "NL", "Nether;lands" } } },
                "INSERT INTO `Countries` (`Code`, `Name`)\nVALUES ('NL', 'Nether;lands');\n",
                tableIsNew: false));

    [Fact]
    public void A_backfill_batch_reads_its_keys_then_fills_up_to_the_last_of_them()
    {
        var operation = new BackfillOperation { Table = "People", Column = "Nickname", ValueSql = "`Name`", KeyColumns = ["Id"] };

        Assert.Equal("SELECT `Id` FROM `People` WHERE `Id` > @lo0 AND `Id` <= @hi0 ORDER BY `Id` LIMIT @batch;", Dialect.Backfill.BatchKeys(operation, first: false));
        Assert.Equal("UPDATE `People` SET `Nickname` = (`Name`) WHERE `Id` > @lo0 AND `Id` <= @last0 AND `Nickname` IS NULL;", Dialect.Backfill.Batch(operation, first: false));
        Assert.Equal("UPDATE `People` SET `Nickname` = (`Name`) WHERE `Id` <= @last0 AND `Nickname` IS NULL;", Dialect.Backfill.Batch(operation, first: true));
    }

    [Fact]
    public void Under_a_second_DDL_does_not_wait_for_a_metadata_lock_and_is_asked_again_while_row_locks_wait_whole_seconds()
    {
        Assert.Equal("SET SESSION lock_wait_timeout = 0, SESSION innodb_lock_wait_timeout = 1;", Dialect.LockTimeoutForSession(TimeSpan.FromMilliseconds(500)));
        Assert.Equal("SET SESSION lock_wait_timeout = 3, SESSION innodb_lock_wait_timeout = 3;", Dialect.LockTimeoutForSession(TimeSpan.FromSeconds(2.5)));
        Assert.Equal("SET SESSION lock_wait_timeout = 1, SESSION innodb_lock_wait_timeout = 1;", Dialect.Runner.LockTimeoutInTransaction(TimeSpan.FromMilliseconds(500)));
        Assert.NotNull(Dialect.LockPollInterval);
        Assert.Null(DatabaseDialects.PostgreSql.LockPollInterval);
    }

    [Theory]
    [InlineData("10.11.19-MariaDB-0+deb12u1", null)]
    [InlineData("10.4.0-MariaDB", null)]
    [InlineData("5.5.5-10.11.19-MariaDB-0+deb12u1", null)]
    [InlineData("8.0.29", null)]
    [InlineData("8.4.3", null)]
    [InlineData("10.3.39-MariaDB", "The database is MariaDB 10.3.39: EfSafeMigrations needs MariaDB 10.4.0 or later")]
    [InlineData("8.0.28", "The database is MySQL 8.0.28: EfSafeMigrations needs MySQL 8.0.29 or later")]
    [InlineData("5.7.44-log", "The database is MySQL 5.7.44: EfSafeMigrations needs MySQL 8.0.29 or later")]
    public void Servers_without_instant_add_and_drop_column_are_refused(string version, string? refusal)
    {
        var said = Dialect.Runner.UnsupportedServer(version);

        if (refusal == null)
        {
            Assert.Null(said);
        }
        else
        {
            Assert.StartsWith(refusal, said, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Pomelo.EntityFrameworkCore.MySql")]
    [InlineData("Microting.EntityFrameworkCore.MySql")]
    [InlineData("MySql.EntityFrameworkCore")]
    public void Pomelo_its_EF_Core_10_fork_and_Oracles_provider_get_the_MySQL_dialect(string provider)
        => Assert.Same(DatabaseDialects.MySql, DatabaseDialects.ForProvider(provider));

    [Fact]
    public void A_primary_key_added_to_or_dropped_from_an_existing_table_is_refused_with_exit_code_3_and_the_recipe()
    {
        var add = Assert.Throws<RunnerRefusal>(() => Dialect.Rewrite(
            new AddPrimaryKeyOperation { Name = "PK_People", Table = "People", Columns = ["Code"] },
            "ALTER TABLE `People` ADD CONSTRAINT `PK_People` PRIMARY KEY (`Code`);\nCALL POMELO_AFTER_ADD_PRIMARY_KEY(NULL, 'People', 'Code');",
            tableIsNew: false));
        var drop = Assert.Throws<RunnerRefusal>(() => Dialect.Rewrite(
            new DropPrimaryKeyOperation { Name = "PK_People", Table = "People" }, "CALL POMELO_BEFORE_DROP_PRIMARY_KEY(NULL, 'People');\nALTER TABLE `People` DROP PRIMARY KEY;", tableIsNew: false));

        Assert.All([add, drop], r => Assert.Equal(ExitCodes.Refused, r.ExitCode));
        Assert.All([add, drop], r => Assert.StartsWith("Changing the primary key of People rebuilds the table on MySQL and MariaDB", r.Message, StringComparison.Ordinal));
        Assert.Null(Dialect.Rewrite(
            new AddPrimaryKeyOperation { Name = "PK_People", Table = "People", Columns = ["Code"] }, "ALTER TABLE `People` ADD CONSTRAINT `PK_People` PRIMARY KEY (`Code`);", tableIsNew: true));
    }

    private static object Comparable(MigrationStep step)
        => step is OnlineAlterStep alter ? (string.Join("\n--\n", alter.Attempts), alter.DoneWhen, alter.Refusal, alter.Reset) : step;
}
