using System.Data.Common;
using static EfSafeMigrations.Dialects.PostgreSql.PostgreSqlText;

namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>The runner's SQL on PostgreSQL: a state table, an advisory lock named through application_name.</summary>
internal sealed class PostgreSqlRunnerSql : IRunnerSql
{
    private const string Table = "\"__EFSafeMigrations\"";

    public string ServerVersion => "SELECT version();";

    public string? UnsupportedServer(string serverVersion) => DistributedPostgreSql.Refusal(serverVersion);

    public string CreateStateTable =>
        $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            migration_id text NOT NULL,
            step text NOT NULL,
            status text NOT NULL,
            rows_done bigint NOT NULL DEFAULT 0,
            checkpoint text,
            error text,
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (migration_id, step)
        );
        """;

    public string ReadState => $"SELECT migration_id, step, status, rows_done, checkpoint, error FROM {Table};";

    public string StateTableExists => $"SELECT to_regclass('{Table}') IS NOT NULL;";

    public string WriteState =>
        $"""
        INSERT INTO {Table} (migration_id, step, status, rows_done, checkpoint, error, updated_at)
        VALUES (@migration, @step, @status, @rows, @checkpoint, @error, now())
        ON CONFLICT (migration_id, step) DO UPDATE SET status = EXCLUDED.status, rows_done = EXCLUDED.rows_done,
            checkpoint = EXCLUDED.checkpoint, error = EXCLUDED.error, updated_at = now();
        """;

    public string DeleteState => $"DELETE FROM {Table} WHERE migration_id = @migration;";

    public string NameSession => "SELECT set_config('application_name', @name, false);";

    public string TryLock => "SELECT pg_try_advisory_lock(@key);";

    public string Unlock => "SELECT pg_advisory_unlock(@key);";

    public string LockHolder =>
        """
        SELECT a.application_name, COALESCE(host(a.client_addr), 'local'), a.backend_start
        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = (@key >> 32)::oid AND l.objid = (@key & 4294967295)::oid
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        LIMIT 1;
        """;

    // What the primary reports, measured on PostgreSQL 15 with a standby whose replay is paused:
    // - replay_lag is the age of the oldest WAL the standby has not replayed, as of the standby's last reply. While the
    //   primary writes, the standby replies to every write and the value grows with the clock; while the primary is idle
    //   it only changes at the standby's status replies (wal_receiver_status_interval, 10 s), growing in steps.
    // - Once the standby has caught up it replies at once with replay_lsn = sent_lsn, but replay_lag keeps the age of the
    //   last WAL it replayed (the pause's length on an idle primary) until the next status reply: so a standby that has
    //   replayed everything counts as no lag.
    // - A WAL receiver that does not replay (pg_receivewal, a backup tool streaming WAL) reports no replay_lsn, and its
    //   replay_lag grows for ever: only walsenders with a replay_lsn count.
    // - Without pg_read_all_stats (pg_monitor has it) the rows are there but every column but pid, usesysid, usename and
    //   application_name is NULL: then the result is NULL, the lag cannot be seen, rather than 0.
    public string ReplicaLagSeconds =>
        """
        SELECT CASE WHEN bool_or(state IS NULL) THEN NULL
            ELSE COALESCE(MAX(CASE WHEN replay_lsn >= sent_lsn THEN 0 ELSE EXTRACT(EPOCH FROM replay_lag) END)
                FILTER (WHERE replay_lsn IS NOT NULL), 0) END::float8
        FROM pg_stat_replication;
        """;

    public string DefaultSchema => "current_schema()";

    // The primary's pg_stat_replication shows every streaming standby's replay lag: no replica is named.
    public ReplicaStatusSql? ReplicaStatus => null;

    public string ReplicaLagHidden(string target)
        => $"warning: the database does not show this role the replay lag of its streaming replicas, so the backfill of {target} "
            + "cannot pause while they lag; grant the runner's database role the right to see it (PostgreSQL: GRANT pg_monitor TO <role>)";

    public string SessionId => "SELECT pg_backend_pid();";

    public string BlockingSessions => "SELECT array_to_string(pg_blocking_pids(@session), ',');";

    public string DescribeSessions =>
        """
        SELECT pid, COALESCE(NULLIF(application_name, ''), backend_type), COALESCE(state, ''),
            COALESCE(EXTRACT(EPOCH FROM now() - COALESCE(xact_start, backend_start)), 0)::float8,
            COALESCE(substring(query FROM '^\s*(\S+(\s+\S+){0,2})'), ''),
            backend_type = 'autovacuum worker', COALESCE(query LIKE '%to prevent wraparound%', false),
            CASE WHEN backend_type = 'autovacuum worker' THEN COALESCE(query_start::text, '') ELSE COALESCE(xact_start::text, '') END
        FROM pg_stat_activity
        WHERE pid = ANY (string_to_array(@sessions, ',')::int[]);
        """;

    public string CancelSession => "SELECT pg_cancel_backend(@session);";

    // PostgreSQL 15 to 17 let only superusers signal an autovacuum worker; 18 also members of pg_signal_autovacuum_worker.
    // Owning the table, or pg_signal_backend, is not enough in any version.
    public string AutovacuumCancelRight =>
        """
        SELECT CASE
            WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN 'superuser'
            WHEN pg_has_role(current_user, (SELECT oid FROM pg_roles WHERE rolname = 'pg_signal_autovacuum_worker'), 'USAGE') THEN 'pg_signal_autovacuum_worker'
            ELSE '' END;
        """;

    public string AutovacuumTable =>
        "SELECT relation::regclass::text FROM pg_locks WHERE pid = @session AND locktype = 'relation' AND mode = 'ShareUpdateExclusiveLock' AND granted LIMIT 1;";

    // SHARE UPDATE EXCLUSIVE conflicts with the autovacuum's own lock, not with the app's ROW EXCLUSIVE or ACCESS SHARE, so
    // the app does not queue behind the request. After deadlock_timeout of waiting the server interrupts the autovacuum.
    public string InterruptAutovacuum(string table)
        => $"""
            SELECT set_config('lock_timeout', (ceil(extract(epoch FROM current_setting('deadlock_timeout')::interval) * 1000) + 2000)::bigint::text, true);
            LOCK TABLE {table} IN SHARE UPDATE EXCLUSIVE MODE;
            """;

    public string HistoryExists => "SELECT to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL;";

    public string AppliedMigrations => "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\";";

    // The total is only for progress: the planner's estimate does, where the table has one (count(*) reads the whole
    // table, a second or more at millions of rows); a table never vacuumed nor analyzed (reltuples -1) is counted.
    public string CountRows(string table, string? schema)
        => $"SELECT CASE WHEN reltuples >= 0 THEN reltuples::bigint ELSE (SELECT count(*) FROM {Table(table, schema)}) END FROM pg_class WHERE oid = {RegClass(table, schema)};";

    public bool TransactionInOneCommand => true;

    public string LockTimeoutInTransaction(TimeSpan timeout) => $"SET LOCAL lock_timeout = '{(long)Math.Ceiling(timeout.TotalMilliseconds)}ms';";

    public bool IsLockTimeout(DbException error) => error.SqlState == "55P03";
}
