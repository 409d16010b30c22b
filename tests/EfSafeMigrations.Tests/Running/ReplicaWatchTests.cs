using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using MySqlConnector;
using Npgsql;

namespace EfSafeMigrations.Tests.Running;

/// <summary>
/// What the runner refuses of the replicas it is given (<c>--replica</c>), before a backfill writes anything: asked of
/// the test MariaDB server (a primary, not a replica) and of a port nobody listens on. The backfill pausing on a real
/// replica is in <c>Pomelo/MariaDbReplicaLagTests.cs</c>.
/// </summary>
public sealed class ReplicaWatchTests
{
    private const string Secret = "Repl1ca-s3cret";

    [Fact]
    public async Task A_server_that_is_no_replica_is_refused_as_a_usage_error_naming_it_by_host_and_port()
    {
        var primary = new MySqlConnectionStringBuilder(TestServers.MariaDbConnectionString);
        await using var connection = new MySqlConnection(primary.ConnectionString);
        var watch = ReplicaWatch.For(connection, DatabaseDialects.MySql.Runner, [primary.ConnectionString]);

        var refusal = await Assert.ThrowsAsync<RunnerRefusal>(() => watch!.CheckAsync(CancellationToken.None));

        Assert.Equal(ExitCodes.Usage, refusal.ExitCode);
        Assert.Equal(
            $"--replica 127.0.0.1:{primary.Port} is not a replica (SHOW REPLICA STATUS shows no primary it replicates from): name the replicas, not the primary; nothing was changed.",
            refusal.Message);
    }

    [Fact]
    public async Task A_replica_that_cannot_be_reached_fails_the_run_saying_what_to_check_without_its_password()
    {
        var port = TestServers.FreeLoopbackPorts(1)[0];
        var replica = $"Server=127.0.0.1;Port={port};Uid=monitor;Pwd={Secret};Connect Timeout=2";
        await using var connection = new MySqlConnection(TestServers.MariaDbConnectionString);
        var watch = ReplicaWatch.For(connection, DatabaseDialects.MySql.Runner, [replica]);

        var refusal = await Assert.ThrowsAsync<RunnerRefusal>(() => watch!.CheckAsync(CancellationToken.None));

        Assert.Equal(ExitCodes.Failed, refusal.ExitCode);
        Assert.StartsWith($"The replica 127.0.0.1:{port} cannot be ", refusal.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            "check its connection string (--replica), that it is reachable from here, and that its login has the right to run SHOW REPLICA STATUS "
            + "(MariaDB: GRANT REPLICA MONITOR; MySQL: GRANT REPLICATION CLIENT); nothing was changed.",
            refusal.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_the_driver_cannot_read_is_refused_as_a_usage_error_without_quoting_it()
    {
        using var connection = new MySqlConnection(TestServers.MariaDbConnectionString);

        var refusal = Assert.Throws<RunnerRefusal>(() => ReplicaWatch.For(
            connection, DatabaseDialects.MySql.Runner, ["Server=replica1;Uid=monitor;Pwd=" + Secret, "Server=replica2;Uid=monitor;Pwd=" + Secret + ";Flavour=vanilla"]));

        Assert.Equal(ExitCodes.Usage, refusal.ExitCode);
        Assert.StartsWith("The connection string of --replica number 2 (of 2) cannot be read by the database's driver", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replica_whose_string_leaves_the_port_out_is_named_with_the_drivers_default_port()
    {
        await using var connection = new MySqlConnection(TestServers.MariaDbConnectionString);
        var watch = ReplicaWatch.For(connection, DatabaseDialects.MySql.Runner, ["Server=127.0.0.2;Uid=monitor;Pwd=" + Secret + ";Connect Timeout=1"]);

        var reading = await watch!.WorstAsync(CancellationToken.None);

        Assert.Equal("127.0.0.2:3306", reading.Replica);
        Assert.True(reading.Unreachable, reading.ToString());
    }

    [Fact]
    public void On_PostgreSQL_whose_primary_shows_its_replicas_lag_a_named_replica_is_refused_and_none_is_no_watch()
    {
        using var connection = new NpgsqlConnection(TestServers.PostgresConnectionString);

        var refusal = Assert.Throws<RunnerRefusal>(() => ReplicaWatch.For(connection, DatabaseDialects.PostgreSql.Runner, ["Host=standby1;Username=app;Password=" + Secret]));

        Assert.Equal(ExitCodes.Usage, refusal.ExitCode);
        Assert.StartsWith("--replica names MySQL or MariaDB replicas", refusal.Message, StringComparison.Ordinal);
        Assert.Null(ReplicaWatch.For(connection, DatabaseDialects.PostgreSql.Runner, []));
    }
}
