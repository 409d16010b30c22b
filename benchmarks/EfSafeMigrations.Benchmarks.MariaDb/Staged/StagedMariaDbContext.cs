using EfSafeMigrations.Benchmarks.MariaDb.Model;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Benchmarks.MariaDb.Staged;

/// <summary>The staged copy's context: Pomelo with <c>UseSafeMigrations()</c>; the runner applies its phases.</summary>
public sealed class StagedMariaDbContext(DbContextOptions<StagedMariaDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public static StagedMariaDbContext Create(string connectionString)
        => new(new DbContextOptionsBuilder<StagedMariaDbContext>()
            .UseMySql(connectionString, MariaDbServer.Version, MariaDbServer.Configure)
            .UseSafeMigrations()
            .Options);

    protected override void OnModelCreating(ModelBuilder modelBuilder) => BenchModel.Configure(modelBuilder);
}
