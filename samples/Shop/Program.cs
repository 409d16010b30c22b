using Microsoft.EntityFrameworkCore;
using Shop;

var connectionString = Environment.GetEnvironmentVariable("SHOP_DB")
    ?? throw new InvalidOperationException("Set SHOP_DB to the shop database's connection string.");
await using var db = new ShopContext(ShopContext.Options(connectionString));
foreach (var customer in await db.Customers.OrderBy(c => c.Id).ToListAsync())
{
    Console.WriteLine($"{customer.Id} {customer.Name} {customer.Email}");
}
