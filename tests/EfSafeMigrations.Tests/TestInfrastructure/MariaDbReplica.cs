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

    /// <summary>
    /// Creates database <paramref name="name"/> on the primary (it reaches the replica through replication) and returns
    /// the primary's connection string for it, as <c>app</c>.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await ExecuteOnPrimaryAsync($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci").ConfigureAwait(false);
        return new MySqlConnectionStringBuilder(PrimaryConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Gives the script's login <c>monitor</c> (which may only ask for replication status) <paramref name="password"/>
    /// and returns its connection string on the replica, without a database, as the runner is given a replica.
    /// </summary>
    public async Task<string> MonitorOnReplicaAsync(string password)
    {
        await ExecuteOnPrimaryAsync($"ALTER USER 'monitor'@'%' IDENTIFIED BY '{password}'").ConfigureAwait(false);
        return new MySqlConnectionStringBuilder(ReplicaConnectionString) { Database = string.Empty, UserID = "monitor", Password = password }.ConnectionString;
    }

    /// <summary>Database <paramref name="name"/> on the replica, read as <c>app</c>.</summary>
    public string OnReplica(string name) => new MySqlConnectionStringBuilder(ReplicaConnectionString) { Database = name }.ConnectionString;

    /// <summary>
    /// Waits until <paramref name="condition"/> (a query whose answer is 1 when it holds) holds in database
    /// <paramref name="name"/> on the replica; fails after <paramref name="guard"/>, saying what it waited for.
    /// </summary>
    public async Task WaitForReplicaAsync(string name, string condition, string what, TimeSpan guard)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await HoldsAsync(OnReplica(name), condition).ConfigureAwait(false))
        {
            Assert.True(clock.Elapsed < guard, $"gave up waiting for {what}; replica: {await StatusAsync().ConfigureAwait(false)}");
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>The first column of the first row <paramref name="sql"/> returns, as a number.</summary>
    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs statements on the server and database <paramref name="connectionString"/> names.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

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

    /// <summary>Whether the condition holds; false while the replica has not yet applied what it reads.</summary>
    private static async Task<bool> HoldsAsync(string connectionString, string condition)
    {
        try
        {
            return await CountAsync(connectionString, condition).ConfigureAwait(false) == 1;
        }
        catch (MySqlException e) when (e.ErrorCode is MySqlErrorCode.NoSuchTable or MySqlErrorCode.BadFieldError or MySqlErrorCode.UnknownDatabase)
        {
            return false;
        }
    }
}
