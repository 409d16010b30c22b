using System.Text.RegularExpressions;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using MySqlConnector;
using Xunit.Abstractions;

namespace EfSafeMigrations.Tests.Tool.Pomelo;

/// <summary>
/// <c>dotnet safe-migrate phase backfill --replica ...</c> as a user runs it: the built tool, its runner host and the
/// shop's MySQL build (<c>samples/Shop.MySql</c>, which the test project references on the EF Core 9 line, so the test
/// build makes it), on a MariaDB primary and real replica of the test's own (<see cref="MariaDbReplica"/>). The replica
/// option travels from the command line through the runner host to the runner; what the user sees is the output.
/// </summary>
public sealed class ReplicaLagThroughToolTests(ITestOutputHelper output)
{
    private const int CustomerCount = 20_000;

    // The replica's own login for the tool: it may only ask for the replica's status, and its password must never show.
    private const string MonitorPassword = "T00l-mon1tor-s3cret";

    // Generous guards against a hang, not expectations of speed.
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The shop's MySQL build with its <c>.deps.json</c> and <c>.runtimeconfig.json</c>, as the test build copied it beside
    /// the tests (the tool is given the built app, as <c>eng/demo.sh --mysql</c> does). Not the project's own
    /// <c>bin/ef9/Debug</c>: <c>eng/demo.sh --mysql</c>, which <see cref="MySqlDemoTests"/> runs meanwhile, builds into it.
    /// </summary>
    private static string ShopAssembly => Path.Combine(AppContext.BaseDirectory, "Shop.MySql.dll");

    [Fact]
    public async Task Backfill_waits_while_the_named_replica_does_not_replicate_saying_which_by_host_and_port_and_finishes_once_it_does()
    {
        await using var servers = await MariaDbReplica.StartAsync();
        var shop = await servers.CreateDatabaseAsync("shop");
        var replica = await servers.MonitorOnReplicaAsync(MonitorPassword);
        await ExpandWithCustomersAsync(servers, shop, CustomerCount);
        await servers.ExecuteOnReplicaAsync("STOP REPLICA SQL_THREAD");

        var port = new MySqlConnectionStringBuilder(replica).Port;
        var notReplicating = $"Waiting   for replica 127.0.0.1:{port} is not replicating (Slave_SQL_Running: No), so its lag is unknown; "
            + "backfill of Customers.EmailAddress paused (";
        var waits = 0;
        var heldTwice = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var running = SafeMigrateCli.Start(
            ["phase", "backfill", "--assembly", ShopAssembly, "--connection", shop, "--replica", replica, "--max-replica-lag", "1s", "--verbose"],
            onOutputLine: line =>
            {
                if (line.StartsWith(notReplicating, StringComparison.Ordinal) && Interlocked.Increment(ref waits) == 2)
                {
                    heldTwice.TrySetResult();
                }
            });

        // Held: the tool says twice (it asks the replica again while it waits) why it waits, and writes nothing meanwhile.
        var exited = running.WaitAsync(Guard);
        Assert.True(
            await Task.WhenAny(heldTwice.Task, exited, Task.Delay(Guard)) == heldTwice.Task,
            $"the backfill did not wait for the stopped replica; replica: {await servers.StatusAsync()}{Environment.NewLine}{running.StandardOutput}");
        Assert.Equal(0L, await MariaDbReplica.CountAsync(shop, "SELECT count(*) FROM `Customers` WHERE `EmailAddress` IS NOT NULL"));
        Assert.False(exited.IsCompleted, running.StandardOutput);

        await servers.ExecuteOnReplicaAsync("START REPLICA SQL_THREAD");
        var result = await exited;

        output.WriteLine(result.Describe());
        Assert.True(result.ExitCode == ExitCodes.Done, result.Describe());
        Assert.Matches($@"(?m)^Replica \(from --replica\): .*Server=127\.0\.0\.1;Port={port};.*Password=\*\*\*", result.StandardOutput);
        Assert.DoesNotContain(MonitorPassword, result.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"{CustomerCount} rows filled, {CustomerCount} visited (", result.StandardOutput, StringComparison.Ordinal);
        var waitLines = result.StandardOutputLines.Where(l => l.StartsWith("Waiting", StringComparison.Ordinal)).ToList();
        Assert.StartsWith(notReplicating, waitLines[0], StringComparison.Ordinal);

        // Once replicating again, the replica may fall behind the backfill for a moment: that pause says how far.
        Assert.All(waitLines, l => Assert.Matches(
            $@"^Waiting   for replica 127\.0\.0\.1:{port} (is not replicating \(Slave_SQL_Running: No\), so its lag is unknown|is \d+ s behind its primary, over 1 s); "
            + @"backfill of Customers\.EmailAddress paused \(\d+ s so far\)$",
            l));
        await AssertBackfilledOnBothAsync(servers, shop, CustomerCount);
    }

    [Fact]
    public async Task Every_documented_command_naming_a_replica_runs_against_a_MariaDB_primary_and_its_replica()
    {
        var commands = DocumentedCommands.Documents
            .SelectMany(d => DocumentedCommands.In(d).Where(c => DocumentedCommands.NamesReplicas(c.Args)).Select(c => (Document: d, c.Line, c.Args, c.Fenced)))
            .ToList();
        Assert.NotEmpty(commands);
        await using var servers = await MariaDbReplica.StartAsync();
        var replica = await servers.MonitorOnReplicaAsync(MonitorPassword);

        foreach (var ((document, line, documented, fenced), index) in commands.Select((c, i) => (c, i)))
        {
            // A database of its own per command, in the state a backfill finds: the Expand applied over existing customers.
            var shop = await servers.CreateDatabaseAsync($"doc_{index}");
            await ExpandWithCustomersAsync(servers, shop, 2000);
            var args = documented.Select(a => Mapped(a, shop, replica)).Append("--assembly").Append(ShopAssembly).ToList();

            var result = await SafeMigrateCli.RunAsync(args, timeout: Guard);

            var where = $"{document}:{line}: `dotnet safe-migrate {string.Join(' ', documented)}`";
            Assert.True(
                fenced ? result.ExitCode == ExitCodes.Done : result.ExitCode is not (ExitCodes.Usage or null),
                $"{where} {(fenced ? "did not succeed" : "was refused as a usage error")} on a MariaDB primary with a replica.{Environment.NewLine}{result.Describe()}");
            Assert.DoesNotContain(MonitorPassword, result.AllOutput, StringComparison.Ordinal);
            if (fenced && documented is ["phase", "backfill", ..])
            {
                await AssertBackfilledOnBothAsync(servers, shop, 2000);
            }
        }
    }

    /// <summary>
    /// Through the tool: the shop's first group, <paramref name="customers"/> customers, and the Expand of
    /// CustomerDetails; returns once the replica has applied all of it.
    /// </summary>
    private static async Task ExpandWithCustomersAsync(MariaDbReplica servers, string shop, int customers)
    {
        await RunAsync(["phase", "expand", "--to", "Initial"], shop);
        await MariaDbReplica.ExecuteAsync(
            shop, $"INSERT INTO `Customers` (`Name`, `Email`, `Phone`) SELECT CONCAT('c', seq), CONCAT('c', seq, '@x'), NULL FROM seq_1_to_{customers}");
        await RunAsync(["phase", "expand"], shop);
        await servers.WaitForReplicaAsync(
            Database(shop), $"SELECT count(*) = {customers} FROM `Customers` WHERE `EmailAddress` IS NULL", "the replica to apply the Expand and the customers", Guard);
    }

    /// <summary>Every customer's email in EmailAddress on the primary, and then on the replica.</summary>
    private static async Task AssertBackfilledOnBothAsync(MariaDbReplica servers, string shop, int customers)
    {
        const string Right = "SELECT count(*) FROM `Customers` WHERE `EmailAddress` <=> `Email` AND `EmailAddress` IS NOT NULL";
        Assert.Equal(customers, await MariaDbReplica.CountAsync(shop, Right));
        await servers.WaitForReplicaAsync(Database(shop), $"SELECT ({Right}) = {customers}", "the replica to apply the backfill", Guard);
    }

    private static string Database(string connectionString) => new MySqlConnectionStringBuilder(connectionString).Database;

    private static async Task RunAsync(IReadOnlyList<string> args, string shop)
    {
        var result = await SafeMigrateCli.RunAsync([.. args, "--assembly", ShopAssembly, "--connection", shop], timeout: Guard);
        Assert.True(result.ExitCode == ExitCodes.Done, result.Describe());
    }

    /// <summary>What the documents write for the reader's own servers, mapped to the test's; any other variable is a gap in this test.</summary>
    private static string Mapped(string argument, string shop, string replica)
        => argument switch
        {
            "$DB" => shop,
            "$REPLICA" => replica,
            _ when Regex.IsMatch(argument, @"^\$[A-Z_]+$") => throw new InvalidOperationException($"The documented {argument} has no test server mapped to it."),
            _ => argument,
        };
}
