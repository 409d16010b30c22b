using EfSafeMigrations.Dialects;
using EfSafeMigrations.Sql;

namespace EfSafeMigrations.Tests.Sql;

/// <summary>What a reviewer reads of an online ALTER in <c>--dry-run</c> and in a plan's script: every attempt in order, and when it is refused.</summary>
public sealed class OnlineAlterCommandTests
{
    [Fact]
    public void The_script_shows_the_check_the_attempts_in_order_and_the_refusal()
    {
        var step = new OnlineAlterStep(
            [
                "ALTER TABLE `People` ADD `Nickname` varchar(50) NULL, ALGORITHM=INSTANT;",
                "ALTER TABLE `People` ADD `Nickname` varchar(50) NULL, ALGORITHM=INPLACE, LOCK=NONE;",
            ],
            "SELECT EXISTS (SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_NAME = 'People' AND COLUMN_NAME = 'Nickname');",
            "The server can only add Nickname by copying People.");

        Assert.Equal(
            """
            -- skipped when: SELECT EXISTS (SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_NAME = 'People' AND COLUMN_NAME = 'Nickname');
            SET SESSION lock_wait_timeout = 0, SESSION innodb_lock_wait_timeout = 1;
            ALTER TABLE `People` ADD `Nickname` varchar(50) NULL, ALGORITHM=INSTANT;
            SET SESSION lock_wait_timeout = DEFAULT, SESSION innodb_lock_wait_timeout = DEFAULT;
            -- else, when the server cannot run it so: ALTER TABLE `People` ADD `Nickname` varchar(50) NULL, ALGORITHM=INPLACE, LOCK=NONE;
            -- else refused: The server can only add Nickname by copying People.

            """.ReplaceLineEndings("\n"),
            OnlineAlterCommand.Script(step, DatabaseDialects.MySql, TimeSpan.FromMilliseconds(500)));
    }
}
