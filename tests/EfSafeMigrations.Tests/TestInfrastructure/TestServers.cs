using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EfSafeMigrations.Tests.TestInfrastructure;

/// <summary>
/// The PostgreSQL and MariaDB servers the tests run against, one pair per test process.
/// <para>
/// <c>TEST_PG</c> / <c>TEST_MY</c>, when set, are used as they are. Otherwise the first use starts throwaway servers
/// with <c>eng/test-databases.sh</c> (on free loopback ports, in a fresh temp folder) and the end of the process stops
/// them and deletes their files. If the test process is killed, the script's watchdog does that instead.
/// </para>
/// <para>
/// A test that changes the server itself (a standby of it, its settings) gets a PostgreSQL server of its own from
/// <see cref="StartPrivatePostgres"/>, whatever <c>TEST_PG</c> says.
/// </para>
/// </summary>
public static class TestServers
{
    private const string PostgresVariable = "TEST_PG";
    private const string MariaDbVariable = "TEST_MY";
    private const int StartAttempts = 3;

    // The first start on a fresh machine installs mariadb-server with apt.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);

    private static readonly Lazy<(string? Postgres, string? MariaDb, string? Replica, string Root, Action Destroy)> Started =
        new(() => StartServers(only: null), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<string> Postgres =
        new(() => FromEnvironment(PostgresVariable) ?? Started.Value.Postgres!, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<string> MariaDb =
        new(() => FromEnvironment(MariaDbVariable) ?? Started.Value.MariaDb!, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Npgsql connection string of a login that may create databases (database <c>appdb</c>).</summary>
    public static string PostgresConnectionString => Postgres.Value;

    /// <summary>
    /// The PostgreSQL major version the run is on: <c>EFSM_PG_MAJOR</c>, which eng/test.sh sets with the server binaries
    /// (<c>PGBIN</c>) it gives the servers the tests start; 15 (Debian's package, the default) when unset.
    /// </summary>
    public static int PostgresMajor { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("EFSM_PG_MAJOR"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major) ? major : 15;

    /// <summary>MySqlConnector connection string of a login that may create databases (database <c>appdb</c>).</summary>
    public static string MariaDbConnectionString => MariaDb.Value;

    /// <summary>
    /// Starts a PostgreSQL server for the caller alone, with <c>eng/test-databases.sh start postgresql</c> in a fresh temp
    /// folder on a free loopback port, also when <c>TEST_PG</c> names a server: a test that makes a standby of a server
    /// or changes its settings must not do that to a server other tests share, or to one it did not start. Blocks while
    /// the script runs (a second or two).
    /// </summary>
    /// <returns>
    /// The <c>app</c> login's connection string (database <c>appdb</c>; the script's header lists the server's other
    /// logins), the folder holding the server's files (the script's <c>DB_ROOT</c>), and the action that stops the
    /// server and deletes that folder. The action is idempotent; it also runs when the process exits, and the script's
    /// watchdog does the same if the process is killed.
    /// </returns>
    internal static (string ConnectionString, string Root, Action Destroy) StartPrivatePostgres()
    {
        var started = StartServers(only: "postgresql");
        return (started.Postgres!, started.Root, started.Destroy);
    }

    /// <summary>
    /// Starts a MariaDB server for the caller alone (as <see cref="StartPrivatePostgres"/> does PostgreSQL) and a second one
    /// as its replica, with <c>eng/test-databases.sh start mariadb</c> then <c>start-replica</c>. Blocks while the script runs.
    /// </summary>
    /// <returns>
    /// The <c>app</c> login's connection strings of the primary and of the replica (database <c>appdb</c> on both), the
    /// folder holding both servers' files, and the action that stops them and deletes that folder (idempotent; also run at
    /// the process's exit, and by the script's watchdog if the process is killed).
    /// </returns>
    internal static (string Primary, string Replica, string Root, Action Destroy) StartPrivateMariaDbWithReplica()
    {
        var started = StartServers(only: "mariadb", replica: true);
        return (started.MariaDb!, started.Replica!, started.Root, started.Destroy);
    }

    private static string? FromEnvironment(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>
    /// Starts both servers, or only the one <paramref name="only"/> names (the script's <c>start</c> argument); with
    /// <paramref name="replica"/>, a MariaDB replica of the MariaDB server too (the script's <c>start-replica</c>).
    /// </summary>
    private static (string? Postgres, string? MariaDb, string? Replica, string Root, Action Destroy) StartServers(string? only, bool replica = false)
    {
        var script = Path.Combine(RepositoryPaths.Root, "eng", "test-databases.sh");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Cannot start the test databases: {script} does not exist.");
        }

        var command = only == null ? "start" : $"start {only}";
        for (var attempt = 1; ; attempt++)
        {
            var environment = NewServerEnvironment();
            var stopped = 0;
            void Stop()
            {
                if (Interlocked.Exchange(ref stopped, 1) == 0)
                {
                    StopServers(script, environment);
                }
            }

            // Registered before starting, so that a half-started pair is cleaned up too.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();

            var result = RunScript(script, command, environment, StartTimeout);
            var replicated = result.Succeeded && replica ? RunScript(script, "start-replica", environment, StartTimeout) : null;
            if (result.Succeeded && replicated is null or { Succeeded: true })
            {
                return (
                    only is null or "postgresql" ? ReadExport(result, PostgresVariable) : null,
                    only is null or "mariadb" ? ReadExport(result, MariaDbVariable) : null,
                    replicated == null ? null : ReadExport(replicated, "TEST_MY_REPLICA"),
                    environment["DB_ROOT"],
                    Stop);
            }

            if (replicated != null)
            {
                result = replicated;
            }

            Stop();

            // Another process may have taken a port between choosing it and the server binding it.
            if (attempt < StartAttempts && result.Output.Contains("already in use", StringComparison.Ordinal))
            {
                continue;
            }

            var advice = only == null
                ? $"Set {PostgresVariable} and {MariaDbVariable} to use servers of your own instead."
                : only == "mariadb"
                    ? $"This test needs MariaDB servers it starts and controls itself; {MariaDbVariable} cannot stand in for them, so MariaDB "
                        + "must be installed on this machine."
                    : $"This test needs a server it starts and controls itself; {PostgresVariable} cannot stand in for it, so a PostgreSQL server "
                        + "must be installed on this machine (or PGBIN point at it).";
            throw new InvalidOperationException(
                $"Could not start the test databases: `{result.CommandLine}` {result.Outcome}. {advice} Last output of the script:"
                + Environment.NewLine + result.Tail(40));
        }
    }

    private static Dictionary<string, string> NewServerEnvironment()
    {
        var root = Directory.CreateTempSubdirectory("efsm-db-").FullName;
        var ports = FreeLoopbackPorts(3);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DB_ROOT"] = root,
            ["PG_PORT"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["MY_PORT"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["MY_REPLICA_PORT"] = ports[2].ToString(CultureInfo.InvariantCulture),
            ["DB_OWNER_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static void StopServers(string script, Dictionary<string, string> environment)
    {
        // This runs while the process exits, when nobody reads the output any more: it goes to /dev/null, so that the
        // script does not die of a broken pipe if the test platform kills this process before the script is done
        // (it then finishes on its own).
        try
        {
            var startInfo = new ProcessStartInfo("bash")
            {
                UseShellExecute = false,
                WorkingDirectory = RepositoryPaths.Root,
            };
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add("exec bash \"$0\" destroy </dev/null >/dev/null 2>&1");
            startInfo.ArgumentList.Add(script);
            foreach (var (name, value) in environment)
            {
                startInfo.Environment[name] = value;
            }

            startInfo.Environment.Remove("DB_OWNER_PID");
            using var process = Process.Start(startInfo);
            process?.WaitForExit(StopTimeout);
        }
#pragma warning disable CA1031 // Nothing can be reported from a process-exit handler; the script's watchdog is the fallback.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static string ReadExport(ScriptResult result, string variable)
    {
        var prefix = $"export {variable}='";
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal) && line.TrimEnd().EndsWith('\''))
            {
                return line.TrimEnd()[prefix.Length..^1];
            }
        }

        throw new InvalidOperationException(
            $"`{result.CommandLine}` succeeded but printed no `{prefix}...'` line. Its output:{Environment.NewLine}{result.Tail(40)}");
    }

    /// <summary>Distinct TCP ports that were free on 127.0.0.1 a moment ago.</summary>
    internal static int[] FreeLoopbackPorts(int count)
    {
        // Held open together so that they differ; outside Linux's ephemeral range (32768-60999) where possible, so that
        // outgoing connections do not take them before the servers bind them.
        var listeners = new List<TcpListener>();
        try
        {
            for (var tries = 0; listeners.Count < count && tries < 200; tries++)
            {
                var listener = new TcpListener(IPAddress.Loopback, Random.Shared.Next(20000, 32000));
                try
                {
                    listener.Start();
                    listeners.Add(listener);
                }
                catch (SocketException)
                {
                    listener.Dispose();
                }
            }

            while (listeners.Count < count)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }

    private static ScriptResult RunScript(string script, string command, Dictionary<string, string> environment, TimeSpan timeout)
    {
        var commandLine = string.Join(' ', environment.Select(e => $"{e.Key}={e.Value}")) + $" bash {script} {command}";
        var startInfo = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        startInfo.ArgumentList.Add(script);
        foreach (var argument in command.Split(' '))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var output = new StringBuilder();
        var standardOutput = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
                standardOutput.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };

        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new InvalidOperationException($"Could not run `{commandLine}`: {e.Message}. Is bash installed?", e);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Waits for the exit and for the end of both streams (a server that inherited them would keep them open).
        bool succeeded;
        string outcome;
        using (var cancellation = new CancellationTokenSource(timeout))
        {
            try
            {
                process.WaitForExitAsync(cancellation.Token).GetAwaiter().GetResult();
                succeeded = process.ExitCode == 0;
                outcome = $"exited with code {process.ExitCode}";
            }
            catch (OperationCanceledException)
            {
                succeeded = false;
                if (process.HasExited)
                {
                    outcome = $"exited with code {process.ExitCode}, but something it started still held its stdout/stderr "
                        + $"open {timeout.TotalSeconds:0} s later";
                }
                else
                {
                    process.Kill(entireProcessTree: true);
                    outcome = $"did not finish within {timeout.TotalSeconds:0} s and was killed";
                }
            }
        }

        lock (output)
        {
            return new ScriptResult(commandLine, succeeded, outcome, output.ToString(), standardOutput.ToString());
        }
    }
}
