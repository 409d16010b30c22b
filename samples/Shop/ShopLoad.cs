using EfSafeMigrations.Hosting;
using Microsoft.EntityFrameworkCore;
using Shop.Load;

namespace Shop;

/// <summary>This (new) version of the shop under load, for the demo: the same requests as the previous release's, through this model.</summary>
public static class ShopLoad
{
    public static async Task RunAsync(ShopDatabase database, int workers, string log, string known)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        // While it serves, this release's row in the instance registry names the newest migration it knows.
        await using var heartbeat = await SafeMigrationsHeartbeat.StartAsync(database.CreateContext, cancellationToken: stop.Token);
        var api = new ShopApi(
            "new",
            async (name, email, ct) =>
            {
                await using var db = database.CreateContext();
                var customer = new Customer { Name = name, Email = email, Tier = "gold" };
                db.Customers.Add(customer);
                await db.SaveChangesAsync(ct);
                return customer.Id;
            },
            async (id, email, ct) =>
            {
                await using var db = database.CreateContext();
                var customer = await db.Customers.SingleAsync(c => c.Id == id, ct);
                customer.Email = email;
                await db.SaveChangesAsync(ct);
            },
            async (id, ct) =>
            {
                await using var db = database.CreateContext();
                return (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id, ct)).Email;
            });
        await LoadGenerator.RunAsync(api, workers, log, known, stop.Token);
    }
}
