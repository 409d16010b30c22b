using EfSafeMigrations.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace EfSafeMigrations;

/// <summary>Turns EfSafeMigrations on for a <see cref="DbContext"/>.</summary>
public static class SafeMigrationsDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Applies migrations with online DDL: indexes built concurrently, constraints added NOT VALID then
    /// validated, every DDL statement under a short lock timeout, backfills in batches. Call it after
    /// the provider: <c>options.UseNpgsql(connectionString).UseSafeMigrations()</c>.
    /// </summary>
    /// <param name="optionsBuilder">The context's options.</param>
    /// <param name="configure">Changes the defaults (lock timeout 500 ms, backfill batches of 1000 rows).</param>
    public static DbContextOptionsBuilder UseSafeMigrations(
        this DbContextOptionsBuilder optionsBuilder, Func<SafeMigrationsOptions, SafeMigrationsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        var options = configure?.Invoke(new SafeMigrationsOptions()) ?? new SafeMigrationsOptions();
        options.Validate();
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(new SafeMigrationsOptionsExtension(options));

        // EF Core warns that a migration mixing transactional and non-transactional commands is left
        // half applied if it fails. Every step EfSafeMigrations emits is guarded or checks its own
        // state, so a re-run finishes the migration; the warning only adds noise to every phase.
        return optionsBuilder.ConfigureWarnings(w => w.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Debug)));
    }

    /// <inheritdoc cref="UseSafeMigrations(DbContextOptionsBuilder, Func{SafeMigrationsOptions, SafeMigrationsOptions}?)"/>
    public static DbContextOptionsBuilder<TContext> UseSafeMigrations<TContext>(
        this DbContextOptionsBuilder<TContext> optionsBuilder, Func<SafeMigrationsOptions, SafeMigrationsOptions>? configure = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UseSafeMigrations((DbContextOptionsBuilder)optionsBuilder, configure);
}
