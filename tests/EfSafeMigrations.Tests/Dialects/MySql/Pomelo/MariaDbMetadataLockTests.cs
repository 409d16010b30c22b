using System.Diagnostics;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Running;
using MySqlConnector;
using static EfSafeMigrations.Tests.Catalogue.WritersDuringPhasesTests;
using EfSafeMigrations.Tests.Dialects.MySql.Harness;

namespace EfSafeMigrations.Tests.Dialects.MySql.Pomelo;

/// <summary>
/// A long transaction holds the table's metadata lock while Expand runs on MariaDB. An ALTER waiting for that lock
/// would queue every later query on the table behind it for as long as the transaction lasts; the runner's ALTER
/// asks without waiting, gives up within the lock timeout and retries, naming the open transactions that may hold the
/// lock, so the app's queries are never queued behind it.
/// </summary>
public sealed class MariaDbMetadataLockTests
{
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task An_alter_behind_a_long_transaction_retries_without_queueing_the_app_and_runs_once_it_ends()
    {
        await using var cycle = await MariaDbCycle.StartAsync(
            PomeloProvider.Value,
            "my_mdl",
            m => MySqlCatalogueRows.Bounded(m, o => Customers(o, e => e.Ignore(c => c.Phone))),
            m => MySqlCatalogueRows.Bounded(m, n => Customers(n)),
            SeedAsync);
        await using var holder = new MySqlConnection(cycle.Staged.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var read = new MySqlCommand("SELECT COUNT(*) FROM `Customers`", holder, transaction))
        {
            await read.ExecuteScalarAsync();
        }

        var holderId = holder.ServerThread;

        var events = new RecordingEvents();
        var expand = cycle.RunAsync(MigrationPhase.Expand, events: events);
        var slowest = TimeSpan.Zero;
        var queries = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Held)
        {
            var query = Stopwatch.StartNew();
            await cycle.Old.InsertAsync(new Customer { Name = $"during {queries}", Code = "C", Age = 1 });
            slowest = query.Elapsed > slowest ? query.Elapsed : slowest;
            queries++;
        }

        Assert.False(expand.IsCompleted, "Expand ran although a transaction held the table's metadata lock.");
        await transaction.CommitAsync();
        Assert.Null(await expand);

        var retries = events.All.OfType<RetryEvent>().ToList();
        Assert.NotEmpty(retries);
        Assert.All(retries, r => Assert.Contains("Lock wait timeout", r.Reason, StringComparison.Ordinal));
        Assert.Contains(retries, r => r.Reason.Contains($"open transactions that may hold it: connection {holderId} (app from 127.0.0.1, idle in a transaction for ", StringComparison.Ordinal));
        Assert.True(
            slowest < Held / 2,
            $"The app waited {slowest.TotalMilliseconds:F0} ms for one insert while the ALTER retried ({queries} inserts in {Held.TotalSeconds} s): it was queued behind the ALTER.");
        Assert.Contains((await cycle.SchemaAsync()).Lines, l => l.StartsWith("column Customers.Phone varchar(200) NULL", StringComparison.Ordinal));
    }
}
