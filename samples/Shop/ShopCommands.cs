using Microsoft.EntityFrameworkCore;

namespace Shop;

/// <summary>The commands eng/demo.sh runs between the phases, on the database the shop's build runs on.</summary>
public static class ShopCommands
{
    /// <summary>Runs the command of <paramref name="args"/>; without one the app lists the customers. Returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, ShopDatabase database)
    {
        switch (args.FirstOrDefault())
        {
            case null or "list":
                await using (var db = database.CreateContext())
                {
                    foreach (var customer in await db.Customers.OrderBy(c => c.Id).ToListAsync())
                    {
                        Console.WriteLine($"{customer.Id} {customer.Name} {customer.Email}");
                    }
                }

                return 0;
            case "seed":
                await ShopDemo.SeedAsOldVersionAsync(database);
                return 0;
            case "old-write" when args.Length == 3:
                await ShopDemo.WriteAsOldVersionAsync(database, args[1], args[2]);
                return 0;
            case "new-write" when args.Length == 3:
                await ShopDemo.WriteAsNewVersionAsync(database, args[1], args[2]);
                return 0;
            case "report" when args.Length == 2:
                await SchemaReport.PrintAsync(database, args[1]);
                return 0;
            case "load" when args.Length == 4:
                await ShopLoad.RunAsync(database, int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2], args[3]);
                return 0;
            case "load-report" when args.Length >= 3:
                return Shop.Load.LoadReport.Print(args[2..], args[1], Console.Out) == 0 ? 0 : 1;
            case "check":
                return await ShopDemo.CheckFinalStateAsync(database, args.ElementAtOrDefault(1)) ? 0 : 1;
            default:
                await Console.Error.WriteLineAsync(
                    "usage: Shop [list | seed | old-write NAME EMAIL | new-write NAME EMAIL | report TITLE | check [KNOWN_FOLDER] | load WORKERS LOG KNOWN_FOLDER | load-report MARKERS LOG...]   (SHOP_DB: connection string)");
                return 2;
        }
    }
}
