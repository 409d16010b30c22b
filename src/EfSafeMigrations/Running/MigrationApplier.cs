using System.Reflection;
using EfSafeMigrations.Planning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Running;

/// <summary>
/// A migration compiled into the app, rendered to the steps a plan would record and its history
/// statement, ready for the <see cref="StepExecutor"/> (applied, or undone).
/// </summary>
internal sealed class MigrationApplier(DbContext context, MigrationScripts scripts)
{
    private readonly IHistoryRepository _history = context.GetService<IHistoryRepository>();

    public PendingMigration Apply(PhaseMigration migration)
        => new(
            migration.Id,
            migration.Group,
            migration.Phase,
            () => scripts.Commands(migration).Select(PlanSteps.From).ToList(),
            _history.GetInsertScript(new HistoryRow(migration.Id, ProductVersion)));

    public PendingMigration Undo(PhaseMigration migration, PhaseMigration? previous)
        => new(
            migration.Id,
            migration.Group,
            migration.Phase,
            () => scripts.Commands(migration, down: true, previous).Select(PlanSteps.From).ToList(),
            _history.GetDeleteScript(migration.Id));

    private static string ProductVersion
        => typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "10.0.0";
}
