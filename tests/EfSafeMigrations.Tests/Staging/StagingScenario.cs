using EfSafeMigrations.Dialects;
using EfSafeMigrations.Staging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace EfSafeMigrations.Tests.Staging;

/// <summary>Stages the change between two models the way <c>dotnet ef migrations add</c> does, without a database.</summary>
public static class StagingScenario
{
    /// <summary>A model with a People table holding the given properties (Id always) and whatever else <paramref name="configure"/> adds.</summary>
    public static Action<ModelBuilder> People(string[] properties, Action<ModelBuilder>? configure = null) => modelBuilder =>
    {
        modelBuilder.Entity<Person>(person =>
        {
            person.ToTable("People");
            foreach (var property in typeof(Person).GetProperties().Select(p => p.Name).Where(p => p != "Id" && !properties.Contains(p)))
            {
                person.Ignore(property);
            }
        });
        configure?.Invoke(modelBuilder);
    };

    public static StagingPlan Stage(Action<ModelBuilder>? before, Action<ModelBuilder> after)
    {
        var (up, down, source, target, literal) = Differences(before, after);
        return new Stager().Stage(up, down, source, target, DatabaseDialects.PostgreSql, literal);
    }

    /// <summary>EF Core's own Up operations for the change.</summary>
    public static IReadOnlyList<MigrationOperation> PlainOperations(Action<ModelBuilder>? before, Action<ModelBuilder> after)
        => Differences(before, after).Up;

    private static (IReadOnlyList<MigrationOperation> Up, IReadOnlyList<MigrationOperation> Down, IRelationalModel? Source, IRelationalModel Target, Func<object, string?, string> Literal)
        Differences(Action<ModelBuilder>? before, Action<ModelBuilder> after)
    {
        using var targetContext = ModelContext.Create(after);
        var target = targetContext.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        IRelationalModel? source = null;
        if (before != null)
        {
            using var sourceContext = ModelContext.Create(before);
            source = sourceContext.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        }

        var differ = targetContext.GetService<IMigrationsModelDiffer>();
        var types = targetContext.GetService<IRelationalTypeMappingSource>();
        string Literal(object value, string? storeType)
            => ((storeType != null ? types.FindMapping(value.GetType(), storeType) : null) ?? types.GetMapping(value.GetType())).GenerateSqlLiteral(value);
        return (differ.GetDifferences(source, target), differ.GetDifferences(target, source), source, target, Literal);
    }
}
