using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Sql;
using EfSafeMigrations.Tests.TestInfrastructure;
using MySqlConnector;

namespace EfSafeMigrations.Tests.Sql;

/// <summary>An ALTER run in the fastest way the server allows without copying the table, on real MariaDB.</summary>
public sealed class OnlineAlterTests
{
    private static readonly DatabaseDialect MySql = DatabaseDialects.MySql;

    [Fact]
    public async Task The_first_attempt_the_server_can_run_is_used_and_a_rerun_is_skipped_once_the_change_is_made()
    {
        await using var database = await MariaDbDatabase.CreateAsync("online_alter");
        await database.ExecuteAsync("CREATE TABLE `People` (`Id` int PRIMARY KEY, `Name` varchar(20) NOT NULL); INSERT INTO `People` VALUES (1, 'Ada');");
        var widen = new OnlineAlterStep(
            [
                "ALTER TABLE `People` MODIFY `Name` varchar(70) NULL, ALGORITHM=INSTANT;",
                "ALTER TABLE `People` MODIFY `Name` varchar(70) NULL, ALGORITHM=INPLACE, LOCK=NONE;",
            ],
            "SELECT EXISTS (SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'People' AND COLUMN_NAME = 'Name' AND IS_NULLABLE = 'YES');",
            "refused");
        await using var connection = new MySqlConnection(database.ConnectionString);
        await connection.OpenAsync();

        await OnlineAlter.RunAsync(connection, MySql, widen, TimeSpan.FromMilliseconds(500), CancellationToken.None);
        await OnlineAlter.RunAsync(connection, MySql, widen with { Attempts = ["SELECT no_such_function();"] }, TimeSpan.FromMilliseconds(500), CancellationToken.None);

        Assert.Equal("varchar(70) YES", await database.ScalarAsync<string>(
            "SELECT CONCAT(COLUMN_TYPE, ' ', IS_NULLABLE) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'People' AND COLUMN_NAME = 'Name'"));
        Assert.Equal("Ada", await database.ScalarAsync<string>("SELECT `Name` FROM `People` WHERE `Id` = 1"));
    }

    [Fact]
    public async Task An_alter_the_server_can_only_run_by_copying_the_table_is_refused_and_changes_nothing()
    {
        await using var database = await MariaDbDatabase.CreateAsync("online_alter_copy");
        await database.ExecuteAsync("CREATE TABLE `People` (`Id` int PRIMARY KEY, `Age` int NOT NULL); INSERT INTO `People` VALUES (1, 36);");
        var check = new OnlineAlterStep(
            [
                "ALTER TABLE `People` ADD CONSTRAINT `CK_Age` CHECK (`Age` >= 0), ALGORITHM=INSTANT;",
                "ALTER TABLE `People` ADD CONSTRAINT `CK_Age` CHECK (`Age` >= 0), ALGORITHM=INPLACE, LOCK=NONE;",
            ],
            null,
            "MariaDB adds a CHECK constraint only by copying People.");
        await using var connection = new MySqlConnection(database.ConnectionString);
        await connection.OpenAsync();

        var refusal = await Assert.ThrowsAsync<RunnerRefusal>(
            () => OnlineAlter.RunAsync(connection, MySql, check, TimeSpan.FromMilliseconds(500), CancellationToken.None));

        Assert.Equal(ExitCodes.Refused, refusal.ExitCode);
        Assert.StartsWith("MariaDB adds a CHECK constraint only by copying People. (the server: ALGORITHM=INSTANT is not supported", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()"));
    }

    [Fact]
    public async Task A_check_that_counts_offending_rows_fails_saying_how_many()
    {
        await using var database = await MariaDbDatabase.CreateAsync("online_check");
        await database.ExecuteAsync("CREATE TABLE `Orders` (`Id` int PRIMARY KEY, `CustomerId` int NULL); INSERT INTO `Orders` VALUES (1, 7), (2, 8), (3, NULL);");
        await using var connection = new MySqlConnection(database.ConnectionString);
        await connection.OpenAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => OnlineAlter.CheckAsync(connection, new CheckStep("SELECT COUNT(*) FROM `Orders` WHERE `CustomerId` IS NOT NULL;", "{0} orders have no customer."), CancellationToken.None));

        Assert.Equal("2 orders have no customer.", error.Message);
        Assert.Equal(0, await OnlineAlter.CheckAsync(connection, new CheckStep("SELECT COUNT(*) FROM `Orders` WHERE `Id` > 3;", "{0}"), CancellationToken.None));
    }
}
