using Microsoft.EntityFrameworkCore;

namespace Shop.Previous;

/// <summary>The previous release's view of the shop database.</summary>
public sealed class PreviousShopContext(DbContextOptions<PreviousShopContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    public static PreviousShopContext Create(string connectionString)
        => new(new DbContextOptionsBuilder<PreviousShopContext>().UseNpgsql(connectionString).Options);
}
