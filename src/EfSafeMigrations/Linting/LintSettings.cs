using EfSafeMigrations.Dialects;
using EfSafeMigrations.Dialects.MySql;

namespace EfSafeMigrations.Linting;

/// <summary>What the linter knows of the deployment.</summary>
/// <param name="Dialect">The database's dialect.</param>
/// <param name="ServerVersion">The PostgreSQL server's major version, for example 15; version-dependent rules assume the oldest supported one when null.</param>
/// <param name="OnlineDdl">Whether the context uses <c>UseSafeMigrations()</c>, which builds indexes concurrently and adds constraints NOT VALID by itself.</param>
public sealed record LintSettings(DatabaseDialect Dialect, int? ServerVersion, bool OnlineDdl)
{
    /// <summary>
    /// The MySQL or MariaDB server, for the MySQL dialect's version-dependent rules; when null they assume the oldest
    /// release the dialect supports (MariaDB 10.4, MySQL 8.0.29).
    /// </summary>
    public MySqlServerRelease? MySqlServer { get; init; }

    /// <summary>Whether the database is MySQL or MariaDB.</summary>
    public bool IsMySql => Dialect is MySqlDialect;
}
