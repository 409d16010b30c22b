using EfSafeMigrations.Tests.Dialects.MySql.Harness;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Dialects.MySql.OracleMySql;

/// <summary>Oracle's MySql.EntityFrameworkCore, as an app on the EF Core 10 line configures it.</summary>
internal static class OracleMySqlProvider
{
    public static MySqlProvider Value { get; } = new("oracle", (builder, connectionString) => builder.UseMySQL(connectionString));
}
