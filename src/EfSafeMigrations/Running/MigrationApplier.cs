using System.Reflection;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Planning;
using EfSafeMigrations.Running.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Running;

/// <summary>
/// Applies (or undoes) one migration compiled into the app: its commands, rendered to steps as a plan
/// would record them, run by the <see cref="StepExecutor"/>.
/// </summary>
internal sealed class MigrationApplier(DbContext context, MigrationScripts scripts, DatabaseDialect dialect, RunnerSettings settings, IRunnerEvents events, RunnerStateStore state)
{
    private readonly IHistoryRepository _history = context.GetService<IHistoryRepository>();

    public async Task<(int ExitCode, string Message)?> ApplyEachAsync(
        IEnumerable<PhaseMigration> migrations, IReadOnlyDictionary<(string, string), RunnerStateRow> known, CancellationToken stop)
        => await (await ExecutorAsync().ConfigureAwait(false)).ApplyEachAsync(
            migrations.Select(m => new PendingMigration(
                m.Id, m.Phase, () => scripts.Commands(m).Select(PlanSteps.From).ToList(), _history.GetInsertScript(new HistoryRow(m.Id, ProductVersion)))),
            known,
            stop).ConfigureAwait(false);

    public async Task UndoAsync(PhaseMigration migration, PhaseMigration? previous)
        => await (await ExecutorAsync().ConfigureAwait(false)).UndoAsync(
            migration.Id,
            migration.Phase,
            scripts.Commands(migration, down: true, previous).Select(PlanSteps.From).ToList(),
            _history.GetDeleteScript(migration.Id)).ConfigureAwait(false);

    private async Task<StepExecutor> ExecutorAsync()
    {
        await context.Database.OpenConnectionAsync().ConfigureAwait(false);
        return new StepExecutor(context.Database.GetDbConnection(), dialect, settings, events, state);
    }

    private static string ProductVersion
        => typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "10.0.0";
}
