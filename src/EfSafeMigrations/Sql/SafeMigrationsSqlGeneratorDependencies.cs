using EfSafeMigrations.Dialects;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace EfSafeMigrations.Sql;

/// <summary>The services <see cref="SafeMigrationsSqlGenerator"/> uses besides the provider's generator.</summary>
/// <param name="RawSqlCommandBuilder">Builds commands from SQL text.</param>
/// <param name="CurrentContext">The context migrations run for.</param>
/// <param name="CommandLogger">EF Core's command logger.</param>
/// <param name="Dialect">The database's dialect.</param>
/// <param name="Options">How migrations are applied.</param>
public sealed record SafeMigrationsSqlGeneratorDependencies(
    IRawSqlCommandBuilder RawSqlCommandBuilder,
    ICurrentDbContext CurrentContext,
    IRelationalCommandDiagnosticsLogger CommandLogger,
    DatabaseDialect Dialect,
    SafeMigrationsOptions Options);
