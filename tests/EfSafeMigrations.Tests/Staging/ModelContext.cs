using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EfSafeMigrations.Tests.Staging;

/// <summary>A context whose model is built by a delegate, so a test describes an old and a new model in a few lines.</summary>
public sealed class ModelContext(DbContextOptions options, string key, Action<ModelBuilder> build) : DbContext(options)
{
    public string Key { get; } = key;

    public static ModelContext Create(Action<ModelBuilder> build, string connectionString = "Host=127.0.0.1;Database=unit", bool safe = true)
    {
        var builder = new DbContextOptionsBuilder().UseNpgsql(connectionString)
            .ReplaceService<IModelCacheKeyFactory, KeyedModelCacheKeyFactory>();
        if (safe)
        {
            builder.UseSafeMigrations();
        }

        return new ModelContext(builder.Options, Guid.NewGuid().ToString("N"), build);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) => build(modelBuilder);

    private sealed class KeyedModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (((ModelContext)context).Key, designTime);
    }
}
