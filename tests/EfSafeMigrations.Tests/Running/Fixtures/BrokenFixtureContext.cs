using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Running.Fixtures;

/// <summary>A context whose migrations hold what the runner must refuse: a backfill on a table without a primary key, and one left as the placeholder.</summary>
public sealed class BrokenFixtureContext(DbContextOptions<BrokenFixtureContext> options) : DbContext(options)
{
    public static BrokenFixtureContext Create(string connectionString)
        => new(new DbContextOptionsBuilder<BrokenFixtureContext>().UseNpgsql(connectionString).UseSafeMigrations().Options);
}
