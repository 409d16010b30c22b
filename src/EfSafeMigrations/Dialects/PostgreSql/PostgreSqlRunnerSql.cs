using System.Data.Common;
using static EfSafeMigrations.Dialects.PostgreSql.PostgreSqlText;

namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>The runner's SQL on PostgreSQL: a state table, an advisory lock named through application_name.</summary>
internal sealed class PostgreSqlRunnerSql : IRunnerSql
{
    private const string Table = "\"__EFSafeMigrations\"";

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
        LIMIT 1;
        """;

    public string ReplicaLagSeconds =>
        "SELECT COALESCE(MAX(EXTRACT(EPOCH FROM replay_lag)), 0)::float8 FROM pg_stat_replication;";

    public string CountRows(string table, string? schema) => $"SELECT count(*) FROM {Table(table, schema)};";

    public string LockTimeoutInTransaction(TimeSpan timeout) => $"SET LOCAL lock_timeout = '{(long)Math.Ceiling(timeout.TotalMilliseconds)}ms';";

    public bool IsLockTimeout(DbException error) => error.SqlState == "55P03";
}
