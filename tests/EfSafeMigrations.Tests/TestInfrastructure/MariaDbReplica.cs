using MySqlConnector;

namespace EfSafeMigrations.Tests.TestInfrastructure;

/// <summary>
/// A MariaDB primary of the test's own (<see cref="TestServers.StartPrivateMariaDbWithReplica"/>: other tests never see
/// it, and <c>TEST_MY</c> plays no part) with a real replica on loopback (<c>eng/test-databases.sh start-replica</c>:
/// binary log replication in row format, from the primary's first binary log). Dispose stops both and deletes their files.
/// </summary>
public sealed class MariaDbReplica : IAsyncDisposable
{
    private readonly Action destroy;
    private int disposed;

    private MariaDbReplica(string primary, string replica, Action destroy)
        => (PrimaryConnectionString, ReplicaConnectionString, this.destroy) = (primary, replica, destroy);

    /// <summary>The primary's <c>app</c> login (database <c>appdb</c>; every privilege).</summary>
    public string PrimaryConnectionString { get; }

    /// <summary>The replica's <c>app</c> login (database <c>appdb</c>), which came to it through replication like every login.</summary>
    public string ReplicaConnectionString { get; }

    /// <summary>Starts the primary and its replica; returns once the replica has replayed the primary's logins and <c>appdb</c>.</summary>
    public static async Task<MariaDbReplica> StartAsync()
    {
        var (primary, replica, _, destroy) = await Task.Run(TestServers.StartPrivateMariaDbWithReplica).ConfigureAwait(false);
        return new MariaDbReplica(primary, replica, destroy);
    }

    /// <summary>Runs statements on the replica as <c>app</c> (for example <c>STOP REPLICA SQL_THREAD</c>).</summary>
    public Task ExecuteOnReplicaAsync(string sql) => ExecuteAsync(ReplicaConnectionString, sql);

    /// <summary>Runs statements on the primary as <c>app</c>.</summary>
    public Task ExecuteOnPrimaryAsync(string sql) => ExecuteAsync(PrimaryConnectionString, sql);

    /// <summary>What the replica's <c>SHOW REPLICA STATUS</c> says, in one line, for messages.</summary>
    public async Task<string> StatusAsync()
    {
        await using var connection = new MySqlConnection(ReplicaConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new MySqlCommand("SHOW REPLICA STATUS", connection);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            return "(the replica shows no replication)";
        }

        string[] columns = ["Slave_IO_Running", "Slave_SQL_Running", "Seconds_Behind_Master", "SQL_Delay", "Exec_Master_Log_Pos", "Read_Master_Log_Pos", "Last_Error"];
        return string.Join(' ', columns.Select(c => $"{c}={reader[c]}"));
    }

    /// <summary>Stops the replica and the primary and deletes their files.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        MySqlConnection.ClearAllPools();
        await Task.Run(destroy).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
