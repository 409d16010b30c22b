using EfSafeMigrations.Tests.Staging;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Tests.Sql;

/// <summary>The SQL a PostgreSQL context with <c>UseSafeMigrations()</c> generates, as one readable text.</summary>
public static class GeneratedSql
{
    /// <summary>Each command's SQL; a command that runs outside a transaction is preceded by <c>-- no transaction</c>.</summary>
    public static string For(params MigrationOperation[] operations)
    {
        using var context = ModelContext.Create(_ => { });
        var commands = context.GetService<IMigrationsSqlGenerator>().Generate(operations, context.Model);
        return string.Join("\n", commands.Select(c => (c.TransactionSuppressed ? "-- no transaction\n" : string.Empty) + c.CommandText.TrimEnd()));
    }
}
