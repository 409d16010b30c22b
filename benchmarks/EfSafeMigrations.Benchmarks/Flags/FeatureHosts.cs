using EfSafeMigrations.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;

namespace EfSafeMigrations.Benchmarks.Flags;

/// <summary>The app's services for each case, registered as an app registers them.</summary>
public static class FeatureHosts
{
    /// <summary>The feature defined in configuration only, on in every host.</summary>
    public const string ConfiguredFeature = "NewCheckout";

    /// <summary>
    /// FeatureManagement over configuration alone (<c>FeatureManagement:NewCheckout = true</c> in an in-memory
    /// configuration): no database anywhere.
    /// </summary>
    public static ServiceProvider Configuration()
    {
        var services = Common();
        services.AddFeatureManagement();
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// The same configuration, plus the app's context on <paramref name="connectionString"/> and
    /// <c>AddSafeMigrationsFlags</c> with <paramref name="cacheDuration"/> (null: the library's default).
    /// </summary>
    /// <param name="connectionString">The database holding the flags.</param>
    /// <param name="cacheDuration">The cache duration; null keeps the library's default.</param>
    /// <param name="reads">Counts the connections the flags provider opens, one per read of the table.</param>
    public static ServiceProvider Flags(string connectionString, TimeSpan? cacheDuration, ReadCounter reads)
    {
        var services = Common();
        services.AddDbContext<FlagsContext>(o => o.UseNpgsql(connectionString).UseSafeMigrations().AddInterceptors(reads));
        services.AddFeatureManagement().AddSafeMigrationsFlags<FlagsContext>(o =>
        {
            if (cacheDuration is { } duration)
            {
                o.CacheDuration = duration;
            }
        });
        return services.BuildServiceProvider();
    }

    private static ServiceCollection Common()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"FeatureManagement:{ConfiguredFeature}"] = "true" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        return services;
    }
}
