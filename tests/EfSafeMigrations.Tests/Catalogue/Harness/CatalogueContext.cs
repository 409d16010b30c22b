using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EfSafeMigrations.Tests.Catalogue.Harness;

/// <summary>The one context type of the catalogue tests; its model is whichever <see cref="CatalogueModel"/> it is given.</summary>
public sealed class CatalogueContext : DbContext
{
    private CatalogueContext(DbContextOptions<CatalogueContext> options, CatalogueModel model)
        : base(options)
        => CatalogueModel = model;

    /// <summary>The model version this context maps.</summary>
    public CatalogueModel CatalogueModel { get; }

    /// <summary>A context on <paramref name="connectionString"/> mapping <paramref name="model"/>.</summary>
    /// <param name="connectionString">The database.</param>
    /// <param name="model">The model version.</param>
    /// <param name="safeMigrations">Whether to decorate the migrations SQL generator (<c>UseSafeMigrations()</c>), as a staged app does.</param>
    /// <param name="provider">Puts the database provider on the options; null for the model's (Npgsql when it names none).</param>
    public static CatalogueContext Create(
        string connectionString, CatalogueModel model, bool safeMigrations, Action<DbContextOptionsBuilder, string>? provider = null)
    {
        var builder = new DbContextOptionsBuilder<CatalogueContext>();
        (provider ?? model.Provider ?? ((b, c) => b.UseNpgsql(c)))(builder, connectionString);
        builder.ReplaceService<IModelCacheKeyFactory, CatalogueModelCacheKeyFactory>();
        if (safeMigrations)
        {
            builder.UseSafeMigrations();
        }

        return new CatalogueContext(builder.Options, model);
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder) => CatalogueModel.Configure(modelBuilder);
}
