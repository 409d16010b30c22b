using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EfSafeMigrations.Tests.Catalogue.Harness;

/// <summary>Caches a <see cref="CatalogueContext"/>'s model per <see cref="CatalogueModel.Key"/>, not per context type.</summary>
public sealed class CatalogueModelCacheKeyFactory : IModelCacheKeyFactory
{
    /// <inheritdoc />
    public object Create(DbContext context, bool designTime)
        => context is CatalogueContext catalogue
            ? (catalogue.CatalogueModel.Key, designTime)
            : throw new InvalidOperationException($"{nameof(CatalogueModelCacheKeyFactory)} serves {nameof(CatalogueContext)} only, not {context.GetType().Name}.");
}
