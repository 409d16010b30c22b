using System.Diagnostics;
using System.Text;
using Npgsql;

namespace EfSafeMigrations.Tests.TestInfrastructure;

/// <summary>
/// A PostgreSQL primary of the test's own (<see cref="TestServers.StartPrivatePostgres"/>: other tests never see its
/// replication, and <c>TEST_PG</c> plays no part) with a real streaming standby on loopback: made with
/// <c>pg_basebackup -R</c> as the login <c>replicator</c>, started with <c>hot_standby = on</c> and the server's default
/// <c>wal_receiver_status_interval</c>. Dispose stops both and deletes their files.
/// <para>
/// The server processes run as the <c>postgres</c> OS user when the tests run as root (as on CI), as the current user
/// otherwise, the way <c>eng/test-databases.sh</c> runs them. The standby lives in <c>DB_ROOT/pg-standby</c>, where the
/// script's <c>destroy</c> (and its watchdog, if the test process is killed) stops and deletes it too.
/// </para>
/// </summary>
public sealed class PostgresStandby : IAsyncDisposable
{
    /// <summary>The standby's <c>application_name</c> in the primary's <c>pg_stat_replication</c>.</summary>
    public const string ApplicationName = "efsm_standby";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StreamingTimeout = TimeSpan.FromMinutes(1);
    private static readonly bool IsRoot = Environment.UserName == "root";

    private readonly Action destroy;
    private readonly string standbySuperuser;
    private readonly string standbyDirectory;
    private int disposed;

    private PostgresStandby(string primaryConnectionString, string primarySuperuser, int standbyPort, string standbyDirectory, Action destroy)
    {
        PrimaryConnectionString = primaryConnectionString;
        PrimarySuperuserConnectionString = primarySuperuser;
        StandbyConnectionString = new NpgsqlConnectionStringBuilder(primaryConnectionString) { Host = "127.0.0.1", Port = standbyPort }.ConnectionString;
        standbySuperuser = Superuser("127.0.0.1", standbyPort);
        this.standbyDirectory = standbyDirectory;
        this.destroy = destroy;
    }

    /// <summary>The primary's <c>app</c> login (database <c>appdb</c>; may create databases; member of <c>pg_monitor</c>).</summary>
    public string PrimaryConnectionString { get; }

    /// <summary>The primary's superuser <c>postgres</c> (database <c>postgres</c>, no pooling).</summary>
    public string PrimarySuperuserConnectionString { get; }

    /// <summary>The standby's <c>app</c> login (database <c>appdb</c>; read-only, as on every hot standby).</summary>
    public string StandbyConnectionString { get; }

    /// <summary>
    /// Starts the primary, makes the standby and starts it, and returns once the primary's <c>pg_stat_replication</c> shows
    /// it <c>streaming</c> with a replay position (it has replied at least once).
    /// </summary>
    public static async Task<PostgresStandby> StartAsync()
    {
        var (connectionString, root, destroy) = await Task.Run(TestServers.StartPrivatePostgres).ConfigureAwait(false);
        try
        {
            var primary = new NpgsqlConnectionStringBuilder(connectionString);
            var primarySuperuser = Superuser(primary.Host!, primary.Port);
            var bin = await ScalarAsync<string>(primarySuperuser, "SELECT setting FROM pg_config WHERE name = 'BINDIR'").ConfigureAwait(false)
                ?? throw new InvalidOperationException("The primary does not report its BINDIR in pg_config.");

            var directory = Path.Combine(root, "pg-standby");
            Directory.CreateDirectory(directory);
            if (IsRoot)
            {
                await RunAsync("chown", ["postgres:", directory], asServerUser: false).ConfigureAwait(false);
            }

            await RunAsync("chmod", ["700", directory], asServerUser: false).ConfigureAwait(false);
            var data = Path.Combine(directory, "data");
            var source = $"host={primary.Host} port={primary.Port} user=replicator password=replicator application_name={ApplicationName}";
            if (File.Exists(Path.Combine(bin, "pg_basebackup")))
            {
                await RunAsync(
                    Path.Combine(bin, "pg_basebackup"),
                    ["-d", source, "-D", data, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync", "--no-manifest"],
                    asServerUser: true).ConfigureAwait(false);
            }
            else
            {
                await CopyStoppedPrimaryAsync(bin, Path.Combine(root, "pg"), data, source).ConfigureAwait(false);
            }

            var port = await StartStandbyAsync(bin, directory).ConfigureAwait(false);
            var standby = new PostgresStandby(connectionString, primarySuperuser, port, directory, destroy);
            await standby.WaitUntilStreamingAsync().ConfigureAwait(false);
            return standby;
        }
        catch
        {
            await Task.Run(destroy).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Asks the standby to stop replaying WAL; it goes on receiving it. Takes effect at the next WAL record.</summary>
    public Task PauseReplayAsync() => ExecuteOnStandbyAsync("SELECT pg_wal_replay_pause()");

    /// <summary>Lets the standby replay again.</summary>
    public Task ResumeReplayAsync() => ExecuteOnStandbyAsync("SELECT pg_wal_replay_resume()");

    /// <summary>The standby's <c>pg_get_wal_replay_pause_state()</c>: <c>not paused</c>, <c>pause requested</c> or <c>paused</c>.</summary>
    public async Task<string> ReplayPauseStateAsync()
        => await ScalarAsync<string>(standbySuperuser, "SELECT pg_get_wal_replay_pause_state()").ConfigureAwait(false) ?? "(null)";

    /// <summary>What the primary's <c>pg_stat_replication</c> says of the standby, in one line, for messages.</summary>
    public async Task<string> ReplicationStatusAsync()
        => await ScalarAsync<string>(
            PrimarySuperuserConnectionString,
            $"""
            SELECT concat_ws(' ', 'state=' || state, 'sent=' || sent_lsn, 'replay=' || replay_lsn, 'replay_lag=' || replay_lag,
                'behind=' || pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) || ' bytes', 'reply_time=' || reply_time)
            FROM pg_stat_replication WHERE application_name = '{ApplicationName}'
            """).ConfigureAwait(false) ?? "(the standby is not connected)";

    /// <summary>Stops the standby and the primary and deletes their files.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await Task.Run(destroy).ConfigureAwait(false);
    }

    private static string Superuser(string host, int port) => new NpgsqlConnectionStringBuilder
    {
        Host = host,
        Port = port,
        Database = "postgres",
        Username = "postgres",
        Password = "postgres",
        Pooling = false,
    }.ConnectionString;

    private static async Task<T?> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        return ScalarConversion.To<T>(await command.ExecuteScalarAsync().ConfigureAwait(false));
    }

    /// <summary>Starts the standby in <paramref name="directory"/> on a free loopback port; returns the port.</summary>
    /// <summary>
    /// A standby made without pg_basebackup (the server binaries of other majors come without it): the primary, which
    /// is this test's own, is stopped cleanly, its data directory copied, and started again; the copy starts from the
    /// shutdown checkpoint as a standby (<c>standby.signal</c>, <c>primary_conninfo</c>) and streams from there.
    /// </summary>
    private static async Task CopyStoppedPrimaryAsync(string bin, string primaryDirectory, string data, string source)
    {
        var primaryData = Path.Combine(primaryDirectory, "data");
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", primaryData, "-m", "fast", "-w", "-t", "60", "stop"], asServerUser: true).ConfigureAwait(false);
        try
        {
            await RunAsync("cp", ["-a", primaryData, data], asServerUser: true).ConfigureAwait(false);
        }
        finally
        {
            await RunAsync(
                Path.Combine(bin, "pg_ctl"), ["-D", primaryData, "-l", Path.Combine(primaryDirectory, "server.log"), "-w", "-t", "60", "start"], asServerUser: true)
                .ConfigureAwait(false);
        }

        await File.WriteAllTextAsync(Path.Combine(data, "standby.signal"), string.Empty).ConfigureAwait(false);
        await File.AppendAllTextAsync(Path.Combine(data, "postgresql.auto.conf"), $"primary_conninfo = '{source}'{Environment.NewLine}").ConfigureAwait(false);
        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:", Path.Combine(data, "standby.signal"), Path.Combine(data, "postgresql.auto.conf")], asServerUser: false).ConfigureAwait(false);
        }
    }

    private static async Task<int> StartStandbyAsync(string bin, string directory)
    {
        var data = Path.Combine(directory, "data");
        var log = Path.Combine(directory, "server.log");
        for (var attempt = 1; ; attempt++)
        {
            // The copied postgresql.conf is the primary's: the last setting of a name wins.
            var port = TestServers.FreeLoopbackPorts(1)[0];
            await File.AppendAllTextAsync(
                Path.Combine(data, "postgresql.conf"),
                $"""

                # --- PostgresStandby ---
                listen_addresses = '127.0.0.1'
                port = {port}
                unix_socket_directories = '{directory}'
                hot_standby = on

                """).ConfigureAwait(false);
            try
            {
                await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", log, "-w", "-t", "60", "start"], asServerUser: true)
                    .ConfigureAwait(false);
                return port;
            }
            catch (InvalidOperationException) when (attempt < 3 && File.Exists(log) && File.ReadAllText(log).Contains("already in use", StringComparison.Ordinal))
            {
                // Another process took the port between choosing it and the standby binding it.
                File.Delete(log);
            }
        }
    }

    /// <summary>
    /// Runs a program with no input and its output in a string, as the <c>postgres</c> OS user when
    /// <paramref name="asServerUser"/> and the tests run as root; throws with the output if it fails.
    /// </summary>
    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asServerUser)
    {
        var startInfo = new ProcessStartInfo(asServerUser && IsRoot ? "runuser" : program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        foreach (var argument in asServerUser && IsRoot ? ["-u", "postgres", "--", program, .. arguments] : arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var commandLine = string.Join(' ', startInfo.ArgumentList.Prepend(startInfo.FileName));
        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data != null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"`{commandLine}` did not finish within {CommandTimeout.TotalSeconds:0} s. Its output:{Environment.NewLine}{output}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{commandLine}` exited with code {process.ExitCode}. Its output:{Environment.NewLine}{output}");
        }
    }

    private async Task ExecuteOnStandbyAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(standbySuperuser);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async Task WaitUntilStreamingAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var streaming = await ScalarAsync<bool>(
                PrimarySuperuserConnectionString,
                $"SELECT count(*) = 1 FROM pg_stat_replication WHERE application_name = '{ApplicationName}' AND state = 'streaming' AND replay_lsn IS NOT NULL")
                .ConfigureAwait(false);
            if (streaming)
            {
                return;
            }

            if (clock.Elapsed > StreamingTimeout)
            {
                var log = Path.Combine(standbyDirectory, "server.log");
                var tail = File.Exists(log) ? string.Join(Environment.NewLine, File.ReadLines(log).TakeLast(20)) : "(no log)";
                throw new InvalidOperationException(
                    $"The standby in {standbyDirectory} did not show as streaming on the primary within {StreamingTimeout.TotalSeconds:0} s "
                    + $"({await ReplicationStatusAsync().ConfigureAwait(false)}). The end of its log:{Environment.NewLine}{tail}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }
}
