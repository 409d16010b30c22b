using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Running.Fixtures;

/// <summary>
/// A context whose migrations are written by hand, so the runner's tests control the groups: a plain
/// base migration, group Label (expand, backfill, contract on Items), group Extra (an Expand on Items
/// too), and whatever <see cref="Variant"/> adds.
/// </summary>
public sealed class RunnerFixtureContext(DbContextOptions<RunnerFixtureContext> options) : DbContext(options)
{
    public static RunnerFixtureContext Create(string connectionString)
        => new(new DbContextOptionsBuilder<RunnerFixtureContext>().UseNpgsql(connectionString).UseSafeMigrations().Options);
}
