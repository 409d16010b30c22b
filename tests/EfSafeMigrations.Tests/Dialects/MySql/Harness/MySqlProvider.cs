using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Dialects.MySql.Harness;

/// <summary>An EF Core provider for MySQL and MariaDB, as an app configures it.</summary>
/// <param name="Name">A short name, for the models' cache keys.</param>
/// <param name="Use">Puts the provider on a context's options for a connection string.</param>
public sealed record MySqlProvider(string Name, Action<DbContextOptionsBuilder, string> Use);
