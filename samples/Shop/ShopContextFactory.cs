using Microsoft.EntityFrameworkCore.Design;

namespace Shop;

/// <summary>How <c>dotnet ef</c> creates the context: the connection string comes from SHOP_DB.</summary>
public sealed class ShopContextFactory : IDesignTimeDbContextFactory<ShopContext>
{
    public ShopContext CreateDbContext(string[] args)
        => new(ShopContext.Options(Environment.GetEnvironmentVariable("SHOP_DB") ?? "Host=127.0.0.1;Database=shop"));
}
