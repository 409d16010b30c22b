using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.FeatureManagement;

namespace EfSafeMigrations.Hosting;

/// <summary>Serves the runner's deployment flags through Microsoft.FeatureManagement.</summary>
public static class SafeMigrationsFeatureManagementBuilderExtensions
{
    /// <summary>
    /// Makes the deployment flags the runner sets (<c>__EFSafeMigrationsFlags</c>, named by <c>PhaseFlags</c>)
    /// features: <c>IFeatureManager.IsEnabledAsync(PhaseFlags.Backfilled("AddEmail"))</c> is true once the
    /// runner has applied AddEmail's Backfill. An enabled flag is always on, a disabled one off; features the
    /// table does not hold come from the feature definitions registered before this call (configuration, as
    /// <c>AddFeatureManagement()</c> sets up), so a flag never set is off unless configuration defines it.
    /// Flags are read at most once per <see cref="SafeMigrationsFlagsOptions.CacheDuration"/>; when a read fails,
    /// the last values read are served (none read yet: every flag is off) and the failure is logged.
    /// </summary>
    /// <typeparam name="TContext">The context whose database holds the flags; from <see cref="IDbContextFactory{TContext}"/> when registered, else from a DI scope.</typeparam>
    /// <param name="builder">The builder <c>AddFeatureManagement()</c> returned.</param>
    /// <param name="configure">Changes the options (cache duration).</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>The clock is the app's <see cref="TimeProvider"/> when one is registered, else the system's.</remarks>
    public static IFeatureManagementBuilder AddSafeMigrationsFlags<TContext>(this IFeatureManagementBuilder builder, Action<SafeMigrationsFlagsOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new SafeMigrationsFlagsOptions();
        configure?.Invoke(options);
        options.Validate();

        // The provider registered so far (by AddFeatureManagement: configuration) answers for every other feature.
        var before = builder.Services.LastOrDefault(d => d.ServiceType == typeof(IFeatureDefinitionProvider) && !d.IsKeyedService);
        if (before != null)
        {
            builder.Services.Remove(before);
        }

        builder.Services.AddSingleton<IFeatureDefinitionProvider>(services =>
        {
            var fallback = before == null ? null : Create(services, before);
            return new SafeMigrationsFlagDefinitionProvider<TContext>(
                services,
                fallback,
                ownsFallback: before?.ImplementationInstance == null,
                options,
                services.GetService<TimeProvider>() ?? TimeProvider.System,
                services.GetService<ILoggerFactory>()?.CreateLogger("EfSafeMigrations.Hosting.SafeMigrationsFlags") ?? NullLogger.Instance);
        });
        return builder;
    }

    private static IFeatureDefinitionProvider Create(IServiceProvider services, ServiceDescriptor descriptor)
        => (IFeatureDefinitionProvider)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
