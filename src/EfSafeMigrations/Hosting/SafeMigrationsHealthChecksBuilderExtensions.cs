using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EfSafeMigrations.Hosting;

/// <summary>Registers the staged-migrations health check.</summary>
public static class SafeMigrationsHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check that is unhealthy (or <paramref name="failureStatus"/>) while the database lacks the Expand or
    /// the Backfill of any group among the app's compiled migrations of <typeparamref name="TContext"/>, naming
    /// them and the <c>dotnet safe-migrate phase</c> to run, and healthy once they are applied (a pending Contract
    /// is fine: it runs after the rollout). An unreachable database is a failure too, its error told without the
    /// connection string's password. Use it as a readiness check, so a new version takes no traffic before the
    /// schema it needs is there.
    /// </summary>
    /// <typeparam name="TContext">The app's context; from <see cref="IDbContextFactory{TContext}"/> when registered, else from a DI scope.</typeparam>
    /// <param name="builder">The app's health checks.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status reported on failure; <see cref="HealthStatus.Unhealthy"/> when null.</param>
    /// <param name="tags">Tags to filter checks by (for example <c>ready</c>).</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IHealthChecksBuilder AddSafeMigrationsCheck<TContext>(
        this IHealthChecksBuilder builder, string name = "safe-migrations", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.Add(new HealthCheckRegistration(name, services => new SafeMigrationsHealthCheck<TContext>(services), failureStatus, tags));
    }
}
