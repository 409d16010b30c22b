using Microsoft.EntityFrameworkCore.Design;

namespace Shop.MySql;

/// <summary>How <c>dotnet ef</c> and <c>dotnet safe-migrate</c> create the context: the connection string comes from SHOP_DB.</summary>
public sealed class MySqlShopContextFactory : IDesignTimeDbContextFactory<MySqlShopContext>
{
    public MySqlShopContext CreateDbContext(string[] args)
        => new(MySqlShopContext.Options(Environment.GetEnvironmentVariable("SHOP_DB") ?? "Server=127.0.0.1;Database=shop"));
}
