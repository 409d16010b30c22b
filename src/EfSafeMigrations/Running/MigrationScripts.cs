using EfSafeMigrations.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Running;

/// <summary>The commands of a migration's Up or Down, generated as EF Core's migrator would, through the online SQL generator.</summary>
/// <param name="context">The context.</param>
/// <param name="generator">The online SQL generator, with the runner's options.</param>
internal sealed class MigrationScripts(DbContext context, SafeMigrationsSqlGenerator generator)
{
    private readonly IMigrationsAssembly _migrations = context.GetService<IMigrationsAssembly>();
    private readonly IModelRuntimeInitializer _models = context.GetService<IModelRuntimeInitializer>();

    /// <summary>The migration's Up; with <paramref name="down"/>, its Down against the model of <paramref name="previous"/>.</summary>
    public IReadOnlyList<MigrationCommand> Commands(PhaseMigration migration, bool down = false, PhaseMigration? previous = null)
    {
        var instance = Create(migration);
        return down
            ? generator.Generate(instance.DownOperations, Finalize(previous == null ? null : Create(previous).TargetModel))
            : generator.Generate(instance.UpOperations, Finalize(instance.TargetModel));
    }

    /// <summary>The migration's Up, as one script.</summary>
    public string Script(PhaseMigration migration, bool down = false, PhaseMigration? previous = null)
        => string.Join("\n", Commands(migration, down, previous).Select(c => c.CommandText.TrimEnd()));

    /// <summary>An instance of the migration class.</summary>
    public Migration Create(PhaseMigration migration) => _migrations.CreateMigration(migration.Type, context.Database.ProviderName!);

    private IModel? Finalize(IModel? model)
    {
        if (model is IMutableModel mutable)
        {
            model = mutable.FinalizeModel();
        }

        return model == null ? null : _models.Initialize(model, designTime: true);
    }
}
