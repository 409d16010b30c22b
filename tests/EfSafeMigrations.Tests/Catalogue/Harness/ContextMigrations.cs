using EfSafeMigrations.Dialects;
using EfSafeMigrations.Staging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace EfSafeMigrations.Tests.Catalogue.Harness;

/// <summary>What the catalogue harnesses do with a context's model: stage a change, run operations as a migration would.</summary>
internal static class ContextMigrations
{
    public static IModel DesignTimeModel(DbContext context) => context.GetService<IDesignTimeModel>().Model;

    public static IRelationalModel RelationalModel(DbContext context) => DesignTimeModel(context).GetRelationalModel();

    /// <summary>Stages the change from the old context's model to the new one's, as <c>dotnet ef migrations add</c> does.</summary>
    public static StagingPlan Stage(DbContext oldContext, DbContext newContext, DatabaseDialect dialect)
    {
        var differ = newContext.GetService<IMigrationsModelDiffer>();
        var (source, target) = (RelationalModel(oldContext), RelationalModel(newContext));
        var types = newContext.GetService<IRelationalTypeMappingSource>();
        return new Stager().Stage(
            differ.GetDifferences(source, target),
            differ.GetDifferences(target, source),
            source,
            target,
            dialect,
            (value, storeType) => (types.FindMapping(value.GetType(), storeType) ?? types.GetMapping(value.GetType())).GenerateSqlLiteral(value));
    }

    /// <summary>Generates the operations' SQL with the context's generator and runs it with EF Core's migration command executor.</summary>
    public static async Task ExecuteAsync(DbContext context, IReadOnlyList<MigrationOperation> operations, IModel? model = null)
    {
        var commands = context.GetService<IMigrationsSqlGenerator>().Generate(operations, model ?? DesignTimeModel(context));
        await context.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, context.GetService<IRelationalConnection>());
    }
}
