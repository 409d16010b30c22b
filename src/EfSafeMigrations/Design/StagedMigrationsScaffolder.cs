using EfSafeMigrations.Dialects;
using EfSafeMigrations.Staging;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Storage;

namespace EfSafeMigrations.Design;

/// <summary>
/// Replaces EF Core's scaffolder: <c>dotnet ef migrations add AddEmail</c> writes the staged group
/// <c>AddEmail_Expand</c>, <c>AddEmail_Backfill</c>, <c>AddEmail_Contract</c> (the phases with work),
/// each an ordinary migration marked with its phase, and prints what went to which phase and why.
/// <c>dotnet ef migrations remove</c> removes the whole group.
/// </summary>
/// <param name="dependencies">EF Core's scaffolder dependencies.</param>
public class StagedMigrationsScaffolder(MigrationsScaffolderDependencies dependencies) : MigrationsScaffolder(dependencies)
{
    private MigrationsScaffolderDependencies? _override;

    /// <inheritdoc />
    protected override MigrationsScaffolderDependencies Dependencies => _override ?? base.Dependencies;

    /// <summary>The stager; override to add or replace rules.</summary>
    protected virtual Stager Stager { get; } = new();

    /// <inheritdoc />
    public override ScaffoldedMigration ScaffoldMigration(
        string migrationName, string? rootNamespace, string? subNamespace = null, string? language = null, bool dryRun = false)
    {
        if (PhaseNaming.Parse(migrationName) is { } named)
        {
            throw new OperationException(
                $"'{migrationName}' ends with a phase name. Name the change only (for example '{named.Group}'); the phases are added to it.");
        }

        if (language is not null and not "C#")
        {
            throw new OperationException($"EfSafeMigrations scaffolds C# migrations only, not {language}.");
        }

        var original = base.Dependencies;
        DatabaseDialect dialect;
        try
        {
            dialect = DatabaseDialects.ForProvider(original.DatabaseProvider.Name);
        }
        catch (NotSupportedException unsupported)
        {
            throw new OperationException(unsupported.Message, unsupported);
        }

        var differ = new StagingModelDiffer(original.MigrationsModelDiffer, Stager, dialect, SqlLiteral(original));
        var ids = new AscendingMigrationsIdGenerator(original.MigrationsIdGenerator, original.MigrationsAssembly.Migrations.Keys.LastOrDefault());
        _override = original with { MigrationsModelDiffer = differ, MigrationsIdGenerator = ids };
        try
        {
            var phases = new List<(MigrationPhase, ScaffoldedMigration)>();
            foreach (var phase in PhaseNaming.All)
            {
                differ.Phase = phase;
                var name = PhaseNaming.MigrationName(migrationName, phase);
                ScaffoldedMigration migration;
                try
                {
                    migration = base.ScaffoldMigration(name, rootNamespace, subNamespace, language, dryRun);
                }
                catch (UnsafeMigrationException refused)
                {
                    // A refusal is an answer for the developer: dotnet ef prints an OperationException's message alone
                    // (the stack trace only with --verbose), any other exception with its stack trace.
                    throw new OperationException(refused.Message, refused);
                }

                phases.Add((phase, WithPhase(migration, name, phase)));
            }

            var plan = differ.Plan!;
            var kept = plan.Steps.Count == 0 ? phases : phases.Where(p => plan.HasWork(p.Item1)).ToList();
            Report(migrationName, plan, kept.Select(p => p.Item2.MigrationId));
            return new StagedScaffoldedMigration(kept);
        }
        finally
        {
            _override = null;
        }
    }

    /// <inheritdoc />
    public override MigrationFiles Save(string projectDir, ScaffoldedMigration migration, string? outputDir, bool dryRun)
    {
        if (migration is not StagedScaffoldedMigration staged)
        {
            return base.Save(projectDir, migration, outputDir, dryRun);
        }

        MigrationFiles? first = null;
        foreach (var (_, phase) in staged.Phases)
        {
            var files = base.Save(projectDir, phase, outputDir, dryRun);
            first ??= files;
        }

        return first!;
    }

    /// <inheritdoc />
    public override MigrationFiles RemoveMigration(string projectDir, string? rootNamespace, bool force, string? language, bool dryRun)
    {
        var original = base.Dependencies;
        var ids = original.MigrationsAssembly.Migrations.Keys.ToList();
        var last = ids.Count > 0 ? PhaseNaming.Parse(original.MigrationsIdGenerator.GetName(ids[^1])) : null;
        if (last == null)
        {
            return base.RemoveMigration(projectDir, rootNamespace, force, language, dryRun);
        }

        var group = ids.Where(id => PhaseNaming.Parse(original.MigrationsIdGenerator.GetName(id))?.Group == last.Value.Group)
            .Reverse().ToList();
        if (!force)
        {
            var applied = original.HistoryRepository.GetAppliedMigrations().Select(r => r.MigrationId).Intersect(group).ToList();
            if (applied.Count > 0)
            {
                throw new OperationException(
                    $"Group '{last.Value.Group}' cannot be removed: {string.Join(", ", applied)} is applied to the database. "
                    + "Roll the group back first (dotnet ef database update <the migration before it>), or pass --force to remove the files anyway.");
            }
        }

        // EF Core's removal deletes the last migration and rewrites the snapshot from the one before it, so
        // the later phases' files go first and EF Core then removes the group's first phase.
        var codeGenerator = original.MigrationsCodeGeneratorSelector.Select(language);
        foreach (var id in group.SkipLast(1))
        {
            Inform($"Removing migration '{id}'.");
            if (!dryRun)
            {
                foreach (var fileName in new[] { id + codeGenerator.FileExtension, id + ".Designer" + codeGenerator.FileExtension })
                {
                    if (TryGetProjectFile(projectDir, fileName) is { } file)
                    {
                        File.Delete(file);
                    }
                }
            }
        }

        _override = original with { MigrationsAssembly = new MigrationsAssemblyWithout(original.MigrationsAssembly, group.SkipLast(1).ToHashSet()) };
        try
        {
            return base.RemoveMigration(projectDir, rootNamespace, force: true, language, dryRun);
        }
        finally
        {
            _override = null;
        }
    }

    private static ScaffoldedMigration WithPhase(ScaffoldedMigration migration, string className, MigrationPhase phase)
        => new(
            migration.FileExtension,
            migration.PreviousMigrationId,
            PhaseMigrationCode.AddPhase(migration.MigrationCode, className, phase),
            migration.MigrationId,
            migration.MetadataCode,
            migration.MigrationSubNamespace,
            migration.SnapshotCode,
            migration.SnapshotName,
            migration.SnapshotSubnamespace);

    private static Func<object, string?, string> SqlLiteral(MigrationsScaffolderDependencies dependencies)
    {
        var types = dependencies.CurrentContext.Context.GetService<IRelationalTypeMappingSource>();
        return (value, storeType) =>
            ((storeType != null ? types.FindMapping(value.GetType(), storeType) : null) ?? types.GetMapping(value.GetType()))
            .GenerateSqlLiteral(value);
    }

#pragma warning disable EF1001 // The operation reporter is how dotnet ef shows a scaffolder's output (honouring --verbose, --json, --no-color).
    private void Inform(string message) => Dependencies.OperationReporter.WriteInformation(message);

    private void Report(string group, StagingPlan plan, IEnumerable<string> migrationIds)
    {
        Inform($"EfSafeMigrations staged '{group}' into {string.Join(", ", migrationIds)}:");
        if (plan.Steps.Count == 0)
        {
            Inform("  no model changes; the empty phase migrations are there for hand-written steps.");
        }

        foreach (var step in plan.Steps.OrderBy(s => s.Phase))
        {
            Inform($"  {step.Phase,-8}  {step.Reason}");
        }
    }
#pragma warning restore EF1001
}
