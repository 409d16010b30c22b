using EfSafeMigrations;
using Microsoft.EntityFrameworkCore;

namespace Shop;

/// <summary>
/// The shop's database. Not sealed: the MySQL build of the shop (samples/Shop.MySql) derives its own context type from
/// it, so that its migrations (written for MySQL's types) live in its own assembly and are found by that type.
/// </summary>
public class ShopContext : DbContext
{
    /// <summary>The shop's context with <paramref name="options"/>, as <see cref="Options"/> makes them.</summary>
    public ShopContext(DbContextOptions<ShopContext> options)
        : base(options)
    {
    }

    /// <summary>For a context type derived from the shop's: the same model, with the derived type's options.</summary>
    protected ShopContext(DbContextOptions options)
        : base(options)
    {
    }

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
