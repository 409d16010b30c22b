namespace EfSafeMigrations.Tests.Build;

/// <summary>The EF Core provider a <see cref="LintedApp"/> is written for.</summary>
internal enum LintedAppProvider
{
    /// <summary>Npgsql's, on this line's version: PostgreSQL.</summary>
    Npgsql,

    /// <summary>Pomelo 9.0.0 (EF Core 9 only): MySQL and MariaDB.</summary>
    Pomelo,
}
