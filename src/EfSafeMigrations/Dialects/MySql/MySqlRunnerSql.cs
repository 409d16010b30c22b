using System.Data.Common;
using static EfSafeMigrations.Dialects.MySql.MySqlText;

namespace EfSafeMigrations.Dialects.MySql;

/// <summary>The runner's SQL on MySQL and MariaDB: a state table, a <c>GET_LOCK</c> named lock, the processlist.</summary>
internal sealed class MySqlRunnerSql : IRunnerSql
{
    private const string Table = "`__EFSafeMigrations`";
    private const string LockName = "CONCAT('efsafemigrations:', DATABASE(), ':', @key)";

    public string ServerVersion => "SELECT VERSION();";

    public string? UnsupportedServer(string serverVersion) => MySqlServers.Refusal(serverVersion);

    public string CreateStateTable =>
        $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            migration_id varchar(150) NOT NULL,
            step varchar(150) NOT NULL,
            status varchar(20) NOT NULL,
            rows_done bigint NOT NULL DEFAULT 0,
            checkpoint text NULL,
            error text NULL,
            updated_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
            PRIMARY KEY (migration_id, step)
        ) CHARACTER SET utf8mb4;
        """;

    public string ReadState => $"SELECT migration_id, step, status, rows_done, checkpoint, error FROM {Table};";

    public string StateTableExists => TableExists("__EFSafeMigrations", null);

    public string WriteState =>
        $"""
        INSERT INTO {Table} (migration_id, step, status, rows_done, checkpoint, error, updated_at)
        VALUES (@migration, @step, @status, @rows, @checkpoint, @error, CURRENT_TIMESTAMP(6))
        ON DUPLICATE KEY UPDATE status = VALUES(status), rows_done = VALUES(rows_done),
            checkpoint = VALUES(checkpoint), error = VALUES(error), updated_at = CURRENT_TIMESTAMP(6);
        """;

    public string DeleteState => $"DELETE FROM {Table} WHERE migration_id = @migration;";

    // MySQL has no settable session name that other sessions can read; the lock holder is named by its connection instead.
    public string NameSession => "SELECT @name;";

    public string TryLock => $"SELECT GET_LOCK({LockName}, 0);";

    public string Unlock => $"SELECT RELEASE_LOCK({LockName});";

    public string LockHolder =>
        $"""
        SELECT CONCAT('connection ', p.ID, ' of ', p.USER), SUBSTRING_INDEX(p.HOST, ':', 1), NOW(6) - INTERVAL p.TIME SECOND
        FROM information_schema.PROCESSLIST p
        WHERE p.ID = IS_USED_LOCK({LockName});
        """;

    // A MySQL or MariaDB primary does not know how far its replicas are behind (each replica knows its own);
    // NULL says the lag cannot be seen from here.
    public string ReplicaLagSeconds => "SELECT CAST(NULL AS DOUBLE);";

    // Each replica knows its own lag. SHOW REPLICA STATUS is MariaDB 10.5.1's and MySQL 8.0.22's name, SHOW SLAVE STATUS
    // the older servers'; MySQL 8.0.22 also renamed the columns (MariaDB kept the old names under both statements).
    public ReplicaStatusSql? ReplicaStatus { get; } = new(
        ["SHOW REPLICA STATUS;", "SHOW SLAVE STATUS;"],
        ["Seconds_Behind_Master", "Seconds_Behind_Source"],
        [["Slave_IO_Running", "Replica_IO_Running"], ["Slave_SQL_Running", "Replica_SQL_Running"]],
        "the right to run SHOW REPLICA STATUS (MariaDB: GRANT REPLICA MONITOR; MySQL: GRANT REPLICATION CLIENT)");

    public string ReplicaLagHidden(string target)
        => $"warning: a MySQL or MariaDB primary does not know how far its replicas are behind, so the backfill of {target} cannot pause "
            + "while they lag; name each replica with --replica CONNECTION (the backfill then pauses while one is more than --max-replica-lag behind), "
            + "or pace the backfill with --max-rows-per-second";

    public string HistoryExists => TableExists("__EFMigrationsHistory", null);

    public string AppliedMigrations => "SELECT `MigrationId` FROM `__EFMigrationsHistory`;";

    // COUNT(*) scans an InnoDB table; the total is only for progress, so the statistics' estimate does.
    public string CountRows(string table, string? schema)
        => $"SELECT COALESCE((SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = {SchemaOf(schema)} AND TABLE_NAME = {Literal(table)}), 0);";

    public string DefaultSchema => "DATABASE()";

    public string SessionId => "SELECT CONNECTION_ID();";

    public string BlockingSessions =>
        """
        SELECT COALESCE(GROUP_CONCAT(DISTINCT b.trx_mysql_thread_id), '')
        FROM information_schema.INNODB_LOCK_WAITS w
        JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id
        JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id
        WHERE r.trx_mysql_thread_id = @session;
        """;

    public string DescribeSessions =>
        """
        SELECT p.ID, p.USER, COALESCE(p.COMMAND, ''), CAST(COALESCE(TIMESTAMPDIFF(SECOND, t.trx_started, NOW()), p.TIME) AS DOUBLE),
            COALESCE(SUBSTRING_INDEX(TRIM(p.INFO), ' ', 3), ''), FALSE, FALSE, COALESCE(CAST(t.trx_started AS CHAR), '')
        FROM information_schema.PROCESSLIST p LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID
        WHERE FIND_IN_SET(p.ID, @sessions) > 0;
        """;

    public string CancelSession => "SELECT FALSE;";

    // Without MariaDB's metadata_lock_info plugin (or MySQL's performance_schema) no view says which session holds a
    // table's metadata lock; every open transaction that touched the table does, so the oldest open ones are named.
    public string LockHolders =>
        """
        SELECT CONCAT('connection ', p.ID, ' (', p.USER, ' from ', SUBSTRING_INDEX(p.HOST, ':', 1), ', ',
            IF(p.COMMAND = 'Sleep', 'idle', LOWER(p.COMMAND)), ' in a transaction for ', TIMESTAMPDIFF(SECOND, t.trx_started, NOW()), ' s',
            COALESCE(CONCAT(': ', SUBSTRING_INDEX(TRIM(p.INFO), ' ', 3)), ''), ')')
        FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
        WHERE p.ID <> CONNECTION_ID()
        ORDER BY t.trx_started
        LIMIT 3;
        """;

    public string LockTimeoutInTransaction(TimeSpan timeout) => MySqlLockTimeout.Set(timeout);

    public bool IsLockTimeout(DbException error)
        => MySqlErrors.Number(error) is MySqlErrors.LockWaitTimeout or MySqlErrors.LockNoWait or MySqlErrors.Deadlock;
}
