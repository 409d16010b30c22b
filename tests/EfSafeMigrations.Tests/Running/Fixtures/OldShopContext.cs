using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Running.Fixtures;

/// <summary>The OLD app version of the sample shop: its model before the CustomerDetails group.</summary>
public sealed class OldShopContext(DbContextOptions<OldShopContext> options) : DbContext(options)
{
    public DbSet<OldShopCustomer> Customers => Set<OldShopCustomer>();

    public static OldShopContext Create(string connectionString)
        => new(new DbContextOptionsBuilder<OldShopContext>().UseNpgsql(connectionString).Options);

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<OldShopCustomer>().ToTable("Customers");
}
