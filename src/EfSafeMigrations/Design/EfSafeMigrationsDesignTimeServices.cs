using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;

namespace EfSafeMigrations.Design;

/// <summary>
/// Registers the staged scaffolder and the C# generator for EfSafeMigrations' operations with
/// <c>dotnet ef</c>. The package's build targets point EF Core at this type through
/// <c>[assembly: DesignTimeServicesReference]</c> when the project references EF Core Design.
/// </summary>
public sealed class EfSafeMigrationsDesignTimeServices : IDesignTimeServices
{
    /// <inheritdoc />
    public void ConfigureDesignTimeServices(IServiceCollection serviceCollection)
    {
        ArgumentNullException.ThrowIfNull(serviceCollection);
        serviceCollection.AddScoped<IMigrationsScaffolder, StagedMigrationsScaffolder>();
        serviceCollection.AddSingleton<ICSharpMigrationOperationGenerator, SafeCSharpMigrationOperationGenerator>();
    }
}
