using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EfSafeMigrations.Hosting;

/// <summary>Registers the app-side pieces of staged deploys with a generic host.</summary>
public static class SafeMigrationsServiceCollectionExtensions
{
    /// <summary>
    /// Runs a <see cref="SafeMigrationsHeartbeat"/> for <typeparamref name="TContext"/> while the host runs: the
    /// instance's row in the registry is written at start, refreshed every interval and removed when the host
    /// stops, so <c>dotnet safe-migrate phase contract</c> waits for instances running older code. The context
    /// comes from <see cref="IDbContextFactory{TContext}"/> when one is registered, else from a DI scope.
    /// </summary>
    /// <typeparam name="TContext">The context whose compiled migrations the instance reports.</typeparam>
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Changes the heartbeat's options (interval, app name).</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddSafeMigrationsHeartbeat<TContext>(this IServiceCollection services, Action<SafeMigrationsHeartbeatOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new SafeMigrationsHeartbeatOptions();
        configure?.Invoke(options);
        options.Validate();
        services.AddHostedService(provider => new SafeMigrationsHeartbeatService<TContext>(
            provider, options, provider.GetService<ILogger<SafeMigrationsHeartbeat>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<SafeMigrationsHeartbeat>.Instance));
        return services;
    }
}
