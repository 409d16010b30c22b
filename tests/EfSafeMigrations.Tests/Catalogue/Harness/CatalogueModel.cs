using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Catalogue.Harness;

/// <summary>
/// One version (OLD or NEW) of a test case's EF model: the mapping, built by a delegate, and the key
/// EF caches the built model under (EF would otherwise build one model per context type).
/// </summary>
/// <param name="Key">Unique per case and version, for example <c>rename_column#1a2b:new</c>.</param>
/// <param name="Configure">Builds the model.</param>
/// <param name="Provider">Puts the database provider on a context's options; null for Npgsql.</param>
public sealed record CatalogueModel(string Key, Action<ModelBuilder> Configure, Action<DbContextOptionsBuilder, string>? Provider = null);
