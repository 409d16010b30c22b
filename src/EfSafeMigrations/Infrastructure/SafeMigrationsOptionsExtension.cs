using EfSafeMigrations.Dialects;
using EfSafeMigrations.Sql;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EfSafeMigrations.Infrastructure;

/// <summary>
/// The options extension <c>UseSafeMigrations()</c> adds: it decorates the provider's
/// <see cref="IMigrationsSqlGenerator"/> whatever its type, so no provider is referenced at compile time.
/// </summary>
/// <param name="options">How migrations are applied.</param>
public sealed class SafeMigrationsOptionsExtension(SafeMigrationsOptions options) : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    /// <summary>How migrations are applied.</summary>
    public SafeMigrationsOptions Options { get; } = options;

    /// <inheritdoc />
    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    /// <inheritdoc />
    public void ApplyServices(IServiceCollection services)
    {
        var provided = services.LastOrDefault(d => d.ServiceType == typeof(IMigrationsSqlGenerator))
            ?? throw new InvalidOperationException(
                "UseSafeMigrations() found no migrations SQL generator. Call it after the database provider, for example options.UseNpgsql(connectionString).UseSafeMigrations().");
        services.Remove(provided);
        var lifetime = provided.Lifetime;
        services.Add(new ServiceDescriptor(typeof(IMigrationsSqlGenerator), sp => new SafeMigrationsSqlGenerator(
            CreateProvided(sp, provided),
            new SafeMigrationsSqlGeneratorDependencies(
                sp.GetRequiredService<IRawSqlCommandBuilder>(),
                sp.GetRequiredService<ICurrentDbContext>(),
                sp.GetRequiredService<IRelationalCommandDiagnosticsLogger>(),
                DatabaseDialects.ForProvider(sp.GetRequiredService<IDatabaseProvider>().Name),
                Options)),
            lifetime));
    }

    /// <inheritdoc />
    public void Validate(IDbContextOptions options) => Options.Validate();

    private static IMigrationsSqlGenerator CreateProvided(IServiceProvider services, ServiceDescriptor provided)
        => (IMigrationsSqlGenerator)(provided.ImplementationInstance
            ?? provided.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, provided.ImplementationType!));

    private sealed class ExtensionInfo(SafeMigrationsOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private SafeMigrationsOptions Options => ((SafeMigrationsOptionsExtension)Extension).Options;

        public override bool IsDatabaseProvider => false;

        public override string LogFragment => $"SafeMigrations(LockTimeout={Options.LockTimeout.TotalMilliseconds}ms) ";

        public override int GetServiceProviderHashCode() => Options.GetHashCode();

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other)
            => other is ExtensionInfo info && info.Options == Options;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
            debugInfo["SafeMigrations:LockTimeout"] = Options.LockTimeout.ToString();
            debugInfo["SafeMigrations:BackfillBatchSize"] = Options.BackfillBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
