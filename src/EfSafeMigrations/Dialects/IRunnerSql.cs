using System.Data.Common;

namespace EfSafeMigrations.Dialects;

/// <summary>The SQL the phase runner needs of a database: its state table, its lock, and its health checks.</summary>
public interface IRunnerSql
{
    /// <summary>The server's own description of itself (product and version), one text row.</summary>
    string ServerVersion { get; }

    /// <summary>
    /// Why the runner must not run this dialect's DDL on the server that described itself as
    /// <paramref name="serverVersion"/> (a server that speaks the protocol but not the DDL), or null when it may.
    /// </summary>
    string? UnsupportedServer(string serverVersion);

    /// <summary>Creates the runner's state table if it is missing.</summary>
    string CreateStateTable { get; }

    /// <summary>Selects <c>migration_id, step, status, rows_done, checkpoint, error</c> of every state row.</summary>
    string ReadState { get; }

    /// <summary>Whether the state table exists (one boolean row).</summary>
    string StateTableExists { get; }

    /// <summary>Inserts or updates a state row; parameters <c>@migration, @step, @status, @rows, @checkpoint, @error</c>.</summary>
    string WriteState { get; }

    /// <summary>Deletes the state rows of a migration; parameter <c>@migration</c>.</summary>
    string DeleteState { get; }

    /// <summary>Names the session, so another runner can say who holds the lock; parameter <c>@name</c>.</summary>
    string NameSession { get; }

    /// <summary>Tries to take the runner lock without waiting; one boolean row; parameter <c>@key</c>.</summary>
    string TryLock { get; }

    /// <summary>Releases the runner lock; parameter <c>@key</c>.</summary>
    string Unlock { get; }

    /// <summary>Who holds the runner lock: one row of its session name, client address and since when; parameter <c>@key</c>.</summary>
    string LockHolder { get; }

    /// <summary>
    /// The largest replay lag of the server's streaming replicas in seconds, one row: 0 without replicas
    /// (or when every replica has replayed all it was sent), NULL when the runner's role may not see it.
    /// </summary>
    string ReplicaLagSeconds { get; }

    /// <summary>
    /// How a replica named to the runner (<see cref="Running.Protocol.RunnerSettings.Replicas"/>) is asked for its own lag;
    /// null when the dialect reads its replicas' lag on the primary (<see cref="ReplicaLagSeconds"/>) and takes no names.
    /// </summary>
    ReplicaStatusSql? ReplicaStatus { get; }

    /// <summary>The warning given once when <see cref="ReplicaLagSeconds"/> answers NULL during the backfill of <paramref name="target"/>: why, and what to do.</summary>
    string ReplicaLagHidden(string target);

    /// <summary>Whether EF Core's history table (under its default name) exists, one boolean row.</summary>
    string HistoryExists { get; }

    /// <summary>The ids in EF Core's history table (under its default name).</summary>
    string AppliedMigrations { get; }

    /// <summary>The SQL expression of the schema a table without one is in (PostgreSQL's <c>current_schema()</c>, MySQL's <c>DATABASE()</c>).</summary>
    string DefaultSchema { get; }

    /// <summary>Counts a table's rows, one row; the table is spliced in already quoted.</summary>
    string CountRows(string table, string? schema);

    /// <summary>The current session's id on the server (one row), as the lock queries below name sessions.</summary>
    string SessionId { get; }

    /// <summary>
    /// The sessions a session waits for, when it waits for a lock: one text row, their ids separated by commas (empty
    /// when it does not wait); parameter <c>@session</c>.
    /// </summary>
    string BlockingSessions { get; }

    /// <summary>
    /// What the sessions in <c>@sessions</c> (ids separated by commas) are doing, a row each: id, who (application or
    /// kind of process), state, seconds in their transaction, the first words of their statement (never its
    /// parameters), whether it is an autovacuum, whether that autovacuum prevents wraparound, and a token that changes
    /// when their transaction ends.
    /// </summary>
    string DescribeSessions { get; }

    /// <summary>Asks a session to cancel its current statement; one boolean row; parameter <c>@session</c>.</summary>
    string CancelSession { get; }

    /// <summary>
    /// What lets the current role cancel an autovacuum worker: one text row, <c>superuser</c>,
    /// <c>pg_signal_autovacuum_worker</c>, or empty when nothing does. Null where the database has no autovacuum.
    /// </summary>
    string? AutovacuumCancelRight => null;

    /// <summary>
    /// The table autovacuum <c>@session</c> works on, quoted, as one text row (none when it holds no table lock); null
    /// where the database has no autovacuum.
    /// </summary>
    string? AutovacuumTable => null;

    /// <summary>
    /// Statements, run in a transaction of their own that is then rolled back, that ask for a lock on
    /// <paramref name="table"/> which conflicts with an autovacuum of it but not with the app's reads and writes, and
    /// wait for it somewhat longer than the server waits before it interrupts an autovacuum in such a lock's way (any
    /// role may get that; never for an autovacuum that prevents wraparound). A lock timeout when the server did not.
    /// </summary>
    string InterruptAutovacuum(string table) => throw new NotSupportedException("This database has no autovacuum.");

    /// <summary>
    /// Null where the runner names lock holders itself while it waits (PostgreSQL's lock queue guard). Else a query, run
    /// after a DDL statement gave up waiting for a lock, of one text row per session that may hold it (the oldest open
    /// transactions first), for the retry's message.
    /// </summary>
    string? LockHolders => null;

    /// <summary>Whether the statements of a transaction of DDL steps go to the server in one command (one round trip).</summary>
    bool TransactionInOneCommand => false;

    /// <summary>Bounds how long statements of the current transaction wait for locks.</summary>
    string LockTimeoutInTransaction(TimeSpan timeout);

    /// <summary>Whether an error is a lock timeout, which the runner retries.</summary>
    bool IsLockTimeout(DbException error);
}
