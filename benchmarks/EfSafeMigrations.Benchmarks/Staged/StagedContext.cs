using EfSafeMigrations.Benchmarks.Plain;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Benchmarks.Staged;

/// <summary>A context with EfSafeMigrations on, whose staged migrations are written by hand in this assembly.</summary>
public sealed class StagedContext(DbContextOptions<StagedContext> options) : DbContext(options)
{
    /// <summary>A context on <paramref name="connectionString"/>, with the library's default options.</summary>
    public static StagedContext Create(string connectionString)
        => new(new DbContextOptionsBuilder<StagedContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.CommandTimeout(PlainContext.MigrationCommandTimeoutSeconds))
            .UseSafeMigrations()
            .Options);
}
