using EfSafeMigrations.Hosting;
using Microsoft.EntityFrameworkCore;
using Shop.Load;
using Shop.Previous;

// usage: Shop.Previous load WORKERS LOG KNOWN_FOLDER   (SHOP_DB: connection string; runs until SIGTERM or Ctrl+C)
var connectionString = Environment.GetEnvironmentVariable("SHOP_DB")
    ?? throw new InvalidOperationException("Set SHOP_DB to the shop database's connection string.");
if (args is not ["load", var workers, var log, var known])
{
    await Console.Error.WriteLineAsync("usage: Shop.Previous load WORKERS LOG KNOWN_FOLDER   (SHOP_DB: connection string)");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });

// While it serves, this release's row in the instance registry tells `phase contract` that old code still runs.
await using var heartbeat = await SafeMigrationsHeartbeat.StartAsync(() => PreviousShopContext.Create(connectionString), cancellationToken: stop.Token);
var api = new ShopApi(
    "old",
    async (name, email, ct) =>
    {
        await using var db = PreviousShopContext.Create(connectionString);
        var customer = new Customer { Name = name, Email = email, Phone = "555-0199" };
        db.Customers.Add(customer);
        await db.SaveChangesAsync(ct);
        return customer.Id;
    },
    async (id, email, ct) =>
    {
        await using var db = PreviousShopContext.Create(connectionString);
        var customer = await db.Customers.SingleAsync(c => c.Id == id, ct);
        customer.Email = email;
        await db.SaveChangesAsync(ct);
    },
    async (id, ct) =>
    {
        await using var db = PreviousShopContext.Create(connectionString);
        return (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id, ct)).Email;
    });
await LoadGenerator.RunAsync(api, int.Parse(workers, System.Globalization.CultureInfo.InvariantCulture), log, known, stop.Token);
return 0;
