using EfSafeMigrations.Hosting;
using Microsoft.EntityFrameworkCore;
using Shop.Load;

namespace Shop.Previous;

/// <summary>The previous release serving requests until SIGTERM or Ctrl+C, on the database its contexts connect to.</summary>
public static class PreviousRelease
{
    private const string Usage = "usage: Shop.Previous load WORKERS LOG KNOWN_FOLDER   (SHOP_DB: connection string)";

    /// <summary>
    /// Runs <c>load WORKERS LOG KNOWN_FOLDER</c> with contexts from <paramref name="createContext"/> (given the connection
    /// string of SHOP_DB); returns the exit code.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, Func<string, PreviousShopContext> createContext)
    {
        var connectionString = Environment.GetEnvironmentVariable("SHOP_DB")
            ?? throw new InvalidOperationException("Set SHOP_DB to the shop database's connection string.");
        if (args is not ["load", var workers, var log, var known])
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });

        // While it serves, this release's row in the instance registry tells `phase contract` that old code still runs.
        await using var heartbeat = await SafeMigrationsHeartbeat.StartAsync(() => createContext(connectionString), cancellationToken: stop.Token);
        var api = new ShopApi(
            "old",
            async (name, email, ct) =>
            {
                await using var db = createContext(connectionString);
                var customer = new Customer { Name = name, Email = email, Phone = "555-0199" };
                db.Customers.Add(customer);
                await db.SaveChangesAsync(ct);
                return customer.Id;
            },
            async (id, email, ct) =>
            {
                await using var db = createContext(connectionString);
                var customer = await db.Customers.SingleAsync(c => c.Id == id, ct);
                customer.Email = email;
                await db.SaveChangesAsync(ct);
            },
            async (id, ct) =>
            {
                await using var db = createContext(connectionString);
                return (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id, ct)).Email;
            });
        await LoadGenerator.RunAsync(api, int.Parse(workers, System.Globalization.CultureInfo.InvariantCulture), log, known, stop.Token);
        return 0;
    }
}
