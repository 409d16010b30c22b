using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EfSafeMigrations.Benchmarks.Plain;

/// <summary>A context without EfSafeMigrations: its migrations run as EF Core runs them.</summary>
public sealed class PlainContext(DbContextOptions<PlainContext> options) : DbContext(options)
{
    /// <summary>A context on <paramref name="connectionString"/>; <paramref name="interceptor"/> times its commands.</summary>
    public static PlainContext Create(string connectionString, IInterceptor? interceptor = null)
    {
        var options = new DbContextOptionsBuilder<PlainContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.CommandTimeout(MigrationCommandTimeoutSeconds));
        if (interceptor != null)
        {
            options.AddInterceptors(interceptor);
        }

        return new PlainContext(options.Options);
    }

    /// <summary>Migration commands may run long (the single UPDATE of a big table); an hour is enough.</summary>
    public const int MigrationCommandTimeoutSeconds = 3600;
}
