using EfSafeMigrations.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Linting.History;

/// <summary>
/// A plain Npgsql context (no <c>UseSafeMigrations()</c>) whose migrations have the shapes a real project's history
/// has: many AlterColumns in one migration, raw SQL blocks, renames mixed with drops, SQL read from a script file.
/// </summary>
public sealed class HistoryContext(DbContextOptions<HistoryContext> options) : DbContext(options)
{
    /// <summary>The folder of these migrations' source files (and of the script one of them reads).</summary>
    public static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "EfSafeMigrations.Tests", "Linting", "History");

    public static HistoryContext Create(string connectionString)
        => new(new DbContextOptionsBuilder<HistoryContext>().UseNpgsql(connectionString).Options);
}
