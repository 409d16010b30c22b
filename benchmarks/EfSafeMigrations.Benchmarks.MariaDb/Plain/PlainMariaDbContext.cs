using EfSafeMigrations.Benchmarks.MariaDb.Model;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Benchmarks.MariaDb.Plain;

/// <summary>The plain copy's context: Pomelo without <c>UseSafeMigrations()</c>, so EF Core's own migrator applies its migrations.</summary>
public sealed class PlainMariaDbContext(DbContextOptions<PlainMariaDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public static PlainMariaDbContext Create(string connectionString)
        => new(new DbContextOptionsBuilder<PlainMariaDbContext>().UseMySql(connectionString, MariaDbServer.Version, MariaDbServer.Configure).Options);

    protected override void OnModelCreating(ModelBuilder modelBuilder) => BenchModel.Configure(modelBuilder);
}
