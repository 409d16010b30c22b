using System.Reflection;
using System.Text.Json;
using EfSafeMigrations.Running;
using EfSafeMigrations.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Planning;

/// <summary>
/// Writes the phase plan of every migration of a context into a folder: <c>manifest.json</c> and one SQL
/// script per group and phase (<c>&lt;group&gt;/expand.sql</c>...), each with its checksum in the manifest.
/// Needs no database.
/// </summary>
public static class PlanWriter
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>Builds the plan and writes it; returns it.</summary>
    public static PhasePlan Write(DbContext context, SafeMigrationsSqlGenerator generator, string folder)
    {
        var plan = Build(context, generator);
        Directory.CreateDirectory(folder);
        foreach (var group in plan.Groups)
        {
            foreach (var phase in group.Phases)
            {
                var path = Path.Combine(folder, phase.Script);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, PlanScript.Render(phase.MigrationId, phase.Phase, phase.Steps, phase.HistoryInsert));
                if (phase.Rollback is { } rollback)
                {
                    File.WriteAllText(Path.Combine(folder, rollback.Script), PlanScript.RenderRollback(phase.MigrationId, phase.Phase, rollback));
                }
            }
        }

        File.WriteAllText(Path.Combine(folder, ManifestFile), JsonSerializer.Serialize(plan, new JsonSerializerOptions(RunnerHost.Json) { WriteIndented = true }));
        return plan;
    }

    private static PhasePlan Build(DbContext context, SafeMigrationsSqlGenerator generator)
    {
        var migrations = context.GetService<IMigrationsAssembly>();
        var ids = context.GetService<IMigrationsIdGenerator>();
        var history = context.GetService<IHistoryRepository>();
        var scripts = new MigrationScripts(context, generator);
        var version = ProductVersion(typeof(PlanWriter).Assembly);
        var catalog = MigrationCatalog.Read(migrations, ids, new HashSet<string>());
        var all = catalog.SelectMany(g => g.Migrations).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
        var groups = catalog
            .Select(group => new PlanGroup(group.Name, group.Migrations.Select(m =>
            {
                var steps = scripts.Commands(m).Select(PlanSteps.From).ToList();
                var insert = history.GetInsertScript(new HistoryRow(m.Id, ProductVersion(typeof(DbContext).Assembly)));
                var name = $"{group.Name}/{m.Phase.ToString().ToLowerInvariant()}";
                var operations = scripts.Create(m).UpOperations;
                var tables = TouchedTables.Of(operations).Order(StringComparer.Ordinal).ToList();

                // Only a phase with a later one in its group is ever rolled back (as the runner in the app does it).
                var rollback = m == group.Migrations[^1] ? null : Rollback(m, all.TakeWhile(p => p.Id != m.Id).LastOrDefault(), $"{name}.rollback.sql");
                return new PlanPhase(
                    m.Phase, m.Id, name + ".sql", PlanScript.Checksum(PlanScript.Render(m.Id, m.Phase, steps, insert)), steps, insert, tables, rollback,
                    SchemaDrift.Creates(operations), SchemaDrift.Removes(operations));
            }).ToList()))
            .ToList();
        return new PhasePlan(
            1, version, migrations.Assembly.GetName().Name!, context.GetType().FullName!, context.Database.ProviderName!, history.GetCreateIfNotExistsScript(), groups);

        PlanRollback Rollback(PhaseMigration migration, PhaseMigration? previous, string script)
        {
            var withoutChecksum = new PlanRollback(script, string.Empty, scripts.Commands(migration, down: true, previous).Select(PlanSteps.From).ToList(), history.GetDeleteScript(migration.Id));
            return withoutChecksum with { Sha256 = PlanScript.Checksum(PlanScript.RenderRollback(migration.Id, migration.Phase, withoutChecksum)) };
        }
    }

    private static string ProductVersion(Assembly assembly)
        => assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
