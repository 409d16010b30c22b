using Microsoft.EntityFrameworkCore;
using Shop.Previous;

// usage: Shop.Previous.MySql load WORKERS LOG KNOWN_FOLDER   (SHOP_DB: connection string; runs until SIGTERM or Ctrl+C)
// The previous release on MariaDB 10.11; its migrations (its heartbeat names the newest) are this project's.
var server = new MariaDbServerVersion(new Version(10, 11));
return await PreviousRelease.RunAsync(
    args,
    connectionString => new PreviousShopContext(new DbContextOptionsBuilder<PreviousShopContext>()
        .UseMySql(connectionString, server, mysql => mysql.MigrationsAssembly(typeof(Program).Assembly.GetName().Name))
        .Options));
