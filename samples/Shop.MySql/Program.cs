using Shop;
using Shop.MySql;

var connectionString = Environment.GetEnvironmentVariable("SHOP_DB")
    ?? throw new InvalidOperationException("Set SHOP_DB to the shop database's connection string.");
return await ShopCommands.RunAsync(args, new MySqlShopDatabase(connectionString));
