using EfSafeMigrations;
using Microsoft.EntityFrameworkCore;

namespace Shop;

/// <summary>The shop's database.</summary>
public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>(customer =>
        {
            customer.Property(c => c.Email).HasColumnName("EmailAddress");
            customer.HasIndex(c => c.Name);
        });
    }

    /// <summary>Options for the shop's PostgreSQL database, with staged migrations on.</summary>
    public static DbContextOptions<ShopContext> Options(string connectionString)
        => new DbContextOptionsBuilder<ShopContext>().UseNpgsql(connectionString).UseSafeMigrations().Options;
}
