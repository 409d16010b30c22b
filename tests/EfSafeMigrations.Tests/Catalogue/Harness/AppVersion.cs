using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue.Harness;

/// <summary>
/// One version of the app (the OLD or the NEW model) running against a database: inserts, updates and
/// reads through EF Core, each in a fresh context, as separate requests of a running app would.
/// </summary>
/// <param name="name">"OLD" or "NEW", for messages.</param>
/// <param name="connectionString">The database.</param>
/// <param name="model">The model version the app maps.</param>
/// <param name="provider">Puts the database provider on the options; null for Npgsql.</param>
public sealed class AppVersion(string name, string connectionString, CatalogueModel model, Action<DbContextOptionsBuilder, string>? provider = null)
{
    /// <summary>"OLD" or "NEW".</summary>
    public string Name { get; } = name;

    /// <summary>The model version the app maps.</summary>
    public CatalogueModel Model { get; } = model;

    /// <summary>A fresh context of this app version (the caller disposes it).</summary>
    public CatalogueContext CreateContext() => CatalogueContext.Create(connectionString, Model, safeMigrations: false, provider);

    /// <summary>Inserts <paramref name="entity"/> and returns it with its generated values.</summary>
    public async Task<T> InsertAsync<T>(T entity)
        where T : class
    {
        await using var context = CreateContext();
        context.Add(entity);
        await context.SaveChangesAsync();
        return entity;
    }

    /// <summary>Loads the row with key <paramref name="key"/>, changes it and saves it.</summary>
    public async Task UpdateAsync<T>(object key, Action<T> change)
        where T : class
    {
        await using var context = CreateContext();
        var entity = await context.FindAsync<T>(key)
            ?? throw new InvalidOperationException($"The {Name} app found no {typeof(T).Name} with key {key} to update.");
        change(entity);
        await context.SaveChangesAsync();
    }

    /// <summary>Reads the row with key <paramref name="key"/>, failing when there is none.</summary>
    public async Task<T> FindAsync<T>(object key)
        where T : class
    {
        await using var context = CreateContext();
        return await context.FindAsync<T>(key)
            ?? throw new InvalidOperationException($"The {Name} app found no {typeof(T).Name} with key {key}.");
    }

    /// <summary>Reads every row of the entity's table, in no particular order.</summary>
    public async Task<List<T>> ListAsync<T>()
        where T : class
    {
        await using var context = CreateContext();
        return await context.Set<T>().AsNoTracking().ToListAsync();
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
