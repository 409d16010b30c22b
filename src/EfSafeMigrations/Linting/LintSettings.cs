using EfSafeMigrations.Dialects;

namespace EfSafeMigrations.Linting;

/// <summary>What the linter knows of the deployment.</summary>
/// <param name="Dialect">The database's dialect.</param>
/// <param name="ServerVersion">The database server's major version, for example 15; version-dependent rules assume the oldest supported one when null.</param>
/// <param name="OnlineDdl">Whether the context uses <c>UseSafeMigrations()</c>, which builds indexes concurrently and adds constraints NOT VALID by itself.</param>
public sealed record LintSettings(DatabaseDialect Dialect, int? ServerVersion, bool OnlineDdl);
