using EfSafeMigrations.Dialects.MySql;
using EfSafeMigrations.Dialects.PostgreSql;

namespace EfSafeMigrations.Dialects;

/// <summary>The dialects EfSafeMigrations ships, chosen by EF Core provider name.</summary>
public static class DatabaseDialects
{
    /// <summary>PostgreSQL, through Npgsql.EntityFrameworkCore.PostgreSQL.</summary>
    public static DatabaseDialect PostgreSql { get; } = new PostgreSqlDialect();

    /// <summary>MySQL and MariaDB, through Pomelo.EntityFrameworkCore.MySql, its EF Core 10 fork by Microting, or Oracle's MySql.EntityFrameworkCore.</summary>
    public static DatabaseDialect MySql { get; } = new MySqlDialect();

    /// <summary>Every dialect.</summary>
    public static IReadOnlyList<DatabaseDialect> All { get; } = [PostgreSql, MySql];

    /// <summary>The dialect for a provider, or a clear error naming the providers that are supported.</summary>
    /// <param name="providerName">The provider's name, as in <c>MigrationBuilder.ActiveProvider</c>.</param>
    public static DatabaseDialect ForProvider(string? providerName)
        => All.FirstOrDefault(d => d.ProviderNames.Contains(providerName, StringComparer.Ordinal))
            ?? throw new NotSupportedException(
                $"EfSafeMigrations has no dialect for the EF Core provider '{providerName ?? "(none)"}'. Supported providers: "
                    + string.Join(", ", All.SelectMany(d => d.ProviderNames)) + ".");
}
