using EfSafeMigrations.Tests.Dialects.MySql.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Dialects.MySql.Pomelo;

/// <summary>Pomelo on MariaDB 10.11, as an app on the EF Core 9 line configures it.</summary>
internal static class PomeloProvider
{
    public static MySqlProvider Value { get; } = new("pomelo", (builder, connectionString) => builder.UseMySql(connectionString, new MariaDbServerVersion(new Version(10, 11))));
}
