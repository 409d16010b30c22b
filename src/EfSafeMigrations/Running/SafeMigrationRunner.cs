using System.Globalization;
using EfSafeMigrations.Deployment;
using EfSafeMigrations.Deployment.Configuration;
using EfSafeMigrations.Operations;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Running;

/// <summary>
/// Applies phases of staged groups to a database: one runner at a time, phases in order per group,
/// EF Core's history kept truthful and the runner's own state beside it, lock timeouts retried,
/// backfills resumable. Everything it refuses, it refuses before changing anything.
/// </summary>
public sealed class SafeMigrationRunner
{
    private readonly DbContext _context;
    private readonly RunnerSettings _settings;
    private readonly IRunnerEvents _events;
    private readonly SafeMigrationsSqlGenerator? _online;
    private DeploymentConfig _config = DeploymentConfig.Default;

    /// <summary>Creates a runner for a context; applying phases needs <c>UseSafeMigrations()</c> on it, linting does not.</summary>
    public SafeMigrationRunner(DbContext context, RunnerSettings settings, IRunnerEvents events)
    {
        _context = context;
        _settings = settings;
        _events = events;
        _online = (context.GetService<IMigrationsSqlGenerator>() as SafeMigrationsSqlGenerator) is { } generator
            ? generator.WithOptions(generator.Options with
            {
                LockTimeout = settings.LockTimeout,
                BackfillBatchSize = settings.BatchSize ?? generator.Options.BackfillBatchSize,
            })
            : null;
    }

    private SafeMigrationsSqlGenerator Generator => _online
        ?? throw new RunnerRefusal(ExitCodes.Usage, $"{_context.GetType().Name} does not use EfSafeMigrations: add .UseSafeMigrations() after the provider in its options.");

    /// <summary>Runs one request and returns its exit code (also reported as the last event).</summary>
    public async Task<int> RunAsync(RunnerRequest request, CancellationToken stop)
    {
        _config = request.ConfigFile is { } file ? DeploymentConfigReader.Read(file) : DeploymentConfig.Default;
        var (exitCode, message) = request.Command switch
        {
            RunnerCommand.Status => await StatusAsync(request.Require, stop).ConfigureAwait(false),
            RunnerCommand.Plan when request.OutputDir != null => WritePlan(request.OutputDir),
            RunnerCommand.Plan => await PlanAsync().ConfigureAwait(false),
            RunnerCommand.Phase => await PhaseAsync(
                request.Phase ?? throw new RunnerRefusal(ExitCodes.Usage, "Say which phase: expand, backfill or contract."), request.Target, request.DryRun, stop).ConfigureAwait(false),
            RunnerCommand.Rollback => await RollbackAsync(request.Target, request.DryRun).ConfigureAwait(false),
            RunnerCommand.Lint => Lint(request),
            RunnerCommand.Flag => await FlagAsync(request.FlagName, request.FlagEnabled).ConfigureAwait(false),
            _ => throw new RunnerRefusal(ExitCodes.Usage, $"Unknown command {request.Command}."),
        };
        _events.Report(new ResultEvent(exitCode, message));
        return exitCode;
    }

    private (int, string) Lint(RunnerRequest request)
    {
        var migrations = _context.GetService<IMigrationsAssembly>();
        var ids = _context.GetService<IMigrationsIdGenerator>();
        var dialect = _online?.DatabaseDialect ?? Dialects.DatabaseDialects.ForProvider(_context.Database.ProviderName);
        var sources = new MigrationSourceLocator(request.ProjectDir);
        var targets = migrations.Migrations.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new Linting.LintTarget(
            m.Key,
            PhaseNaming.Parse(ids.GetName(m.Key))?.Phase,
            migrations.CreateMigration(m.Value, _context.Database.ProviderName!).UpOperations,
            m.Value.GetCustomAttributes(typeof(SuppressSafeMigrationRuleAttribute), inherit: false).Cast<SuppressSafeMigrationRuleAttribute>().Select(a => a.Code).ToHashSet(),
            sources.Source(m.Key)));
        var settings = new Linting.LintSettings(dialect, request.ServerVersion, OnlineDdl: _online != null) { MySqlServer = LintServer(dialect, request) };
        var findings = new Linting.Linter().Lint(targets, settings);
        foreach (var finding in findings)
        {
            var (file, line) = sources.Locate(finding.MigrationId, finding.Anchor);
            _events.Report(new LintEvent(
                finding.Code, finding.Severity == Linting.LintSeverity.Error ? "error" : "warning", finding.MigrationId, finding.Table, finding.Column, finding.Message, finding.Fix, file, line));
        }

        var errors = findings.Count(f => f.Severity == Linting.LintSeverity.Error);
        var warnings = findings.Count - errors;
        return (errors > 0 ? ExitCodes.Failed : ExitCodes.Done,
            $"{migrations.Migrations.Count} migrations linted: {errors} errors, {warnings} warnings{(_online == null ? " (the context does not use UseSafeMigrations(), so index and constraint builds are checked too)" : string.Empty)}.");
    }

    /// <summary>The MySQL or MariaDB release of a lint request; a server version of the other kind than the context's database is a usage error.</summary>
    private Linting.MySqlServerRelease? LintServer(Dialects.DatabaseDialect dialect, RunnerRequest request)
    {
        var mySql = dialect is Dialects.MySql.MySqlDialect;
        if (mySql && request.ServerVersion is { } major)
        {
            throw new RunnerRefusal(ExitCodes.Usage, string.Create(CultureInfo.InvariantCulture,
                $"--server-version {major} is a PostgreSQL major version, but {_context.GetType().Name} uses {_context.Database.ProviderName}: give {Linting.MySqlServerRelease.AcceptedForms}."));
        }

        if (request.MySqlServerVersion is not { } text)
        {
            return null;
        }

        if (!mySql)
        {
            throw new RunnerRefusal(ExitCodes.Usage,
                $"--server-version {text} is a MySQL or MariaDB version, but {_context.GetType().Name} uses {_context.Database.ProviderName}: give the PostgreSQL server's major version, for example 15.");
        }

        return Linting.MySqlServerRelease.TryParse(text, out var release)
            ? release
            : throw new RunnerRefusal(ExitCodes.Usage, $"'{text}' is not a valid value for --server-version: use {Linting.MySqlServerRelease.AcceptedForms}.");
    }

    private async Task<(int, string)> StatusAsync(MigrationPhase? require, CancellationToken stop)
    {
        var (groups, state) = await ReadAsync().ConfigureAwait(false);
        return await new DeploymentStatus(_context.Database.GetDbConnection(), Generator.DatabaseDialect, _config, _context.GetType().FullName, Migrations, _events)
            .ReportAsync(groups.Select(GroupProgress.Of).ToList(), state, require, stop).ConfigureAwait(false);
    }

    private async Task<(int, string)> FlagAsync(string? name, bool enabled)
    {
        await _context.Database.OpenConnectionAsync().ConfigureAwait(false);
        await SupportedServer.OpenAsync(_context.Database.GetDbConnection(), Generator.DatabaseDialect, CancellationToken.None).ConfigureAwait(false);
        return await FlagCommand.RunAsync(_context.Database.GetDbConnection(), Generator.DatabaseDialect, name, enabled, _events).ConfigureAwait(false);
    }

    private (int, string) WritePlan(string folder)
    {
        var plan = Planning.PlanWriter.Write(_context, Generator, folder);
        var phases = plan.Groups.SelectMany(g => g.Phases).ToList();
        foreach (var phase in phases)
        {
            var rollback = phase.Rollback is { } undo ? $"  rollback: {undo.Script}  ({undo.Steps.Count} steps)" : string.Empty;
            _events.Report(new MessageEvent($"{phase.Phase,-8}  {phase.MigrationId}  {phase.Script}  ({phase.Steps.Count} steps){rollback}"));
        }

        return (ExitCodes.Done,
            $"Plan written to {folder}: {plan.Groups.Count} groups, {phases.Count} phase scripts, {phases.Count(p => p.Rollback != null)} rollback scripts, manifest {Planning.PlanWriter.ManifestFile}.");
    }

    private async Task<(int, string)> PlanAsync()
    {
        var (groups, _) = await ReadAsync().ConfigureAwait(false);
        var scripts = new MigrationScripts(_context, Generator);
        var all = groups.SelectMany(g => g.Migrations).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
        var count = 0;
        foreach (var phase in PhaseNaming.All)
        {
            foreach (var group in groups.Where(g => g.Of(phase) is { Applied: false }))
            {
                var migration = group.Of(phase)!;
                _events.Report(new SqlEvent(migration.Id, scripts.Script(migration)));
                if (migration != group.Migrations[^1])
                {
                    // What `rollback` runs while the group's later phases have not: reviewed beside the forward SQL.
                    _events.Report(new SqlEvent($"{migration.Id} rollback", scripts.Script(migration, down: true, Previous(all, migration))));
                }

                count++;
            }
        }

        return (ExitCodes.Done, count == 0 ? "Nothing to apply." : $"{count} migrations to apply, in the order shown (expand, backfill, then contract).");
    }

    private async Task<(int, string)> PhaseAsync(MigrationPhase phase, string? target, bool dryRun, CancellationToken stop)
    {
        // Everything that can refuse is checked before the first statement that writes (EF Core's history table and the
        // runner's own tables are created only once the phase goes ahead), so "nothing was changed" is literally true.
        var (groups, state) = await ReadAsync().ConfigureAwait(false);
        var last = target == null ? null : Resolve(groups, target);
        var pending = groups
            .Where(g => g.Of(phase) is { Applied: false } && (last == null || string.CompareOrdinal(g.Migrations[0].Id, last) <= 0))
            .ToList();
        CheckOrder(phase, groups, pending);
        CheckBackfills(pending.Select(g => g.Of(phase)!));

        if (pending.Count == 0 && !OwesHooks(phase, groups, state))
        {
            var applied = groups.Select(g => g.Of(phase)).OfType<PhaseMigration>().Where(m => m.Applied).Select(m => (m.Group, m.Id)).ToList();
            return (ExitCodes.Done, await AlreadyApplied.DescribeAsync(_context.Database.GetDbConnection(), Generator.DatabaseDialect, phase, applied, stop).ConfigureAwait(false));
        }

        var scripts = new MigrationScripts(_context, Generator);
        await SchemaDrift.CheckAsync(_context.Database.GetDbConnection(), Generator.DatabaseDialect.Runner, phase, pending, groups, m => scripts.Create(m).UpOperations, stop).ConfigureAwait(false);
        var readOnlyStore = new RunnerStateStore(_context.Database.GetDbConnection(), Generator.DatabaseDialect.Runner);
        var applyNow = pending.Select(g => Applier.Apply(g.Of(phase)!)).ToList();
        var appliedBefore = groups.Select(g => g.Of(phase)).OfType<PhaseMigration>().Where(m => m.Applied).Select(Applier.Apply).ToList();

        // The SQL of every pending migration, generated before anything is written: the generator refuses what the
        // dialect cannot run (on MySQL, a primary key change), and nothing may have changed by then.
        foreach (var migration in applyNow)
        {
            _ = migration.Steps();
        }

        if (dryRun)
        {
            foreach (var migration in pending.Select(g => g.Of(phase)!))
            {
                _events.Report(new SqlEvent(migration.Id, scripts.Script(migration)));
            }

            var closed = await Deployment(readOnlyStore).ReportGatesAsync(phase, applyNow, stop).ConfigureAwait(false);
            return (ExitCodes.Done, $"Dry run: {pending.Count} {phase} migrations would be applied{(closed > 0 ? $" once {closed} closed gates open" : string.Empty)}; nothing was changed.");
        }

        await using var held = await LockAsync().ConfigureAwait(false);

        // Another runner may have applied some of them between the read above and the lock.
        var (now, _) = await ReadAsync().ConfigureAwait(false);
        var appliedMeanwhile = now.Select(g => g.Of(phase)).OfType<PhaseMigration>().Where(m => m.Applied).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        if (pending.RemoveAll(g => appliedMeanwhile.Contains(g.Of(phase)!.Id)) > 0)
        {
            applyNow = pending.Select(g => Applier.Apply(g.Of(phase)!)).ToList();
            appliedBefore = now.Select(g => g.Of(phase)).OfType<PhaseMigration>().Where(m => m.Applied).Select(Applier.Apply).ToList();
            if (pending.Count == 0)
            {
                var done = now.Select(g => g.Of(phase)).OfType<PhaseMigration>().Where(m => m.Applied).Select(m => (m.Group, m.Id)).ToList();
                return (ExitCodes.Done, await AlreadyApplied.DescribeAsync(_context.Database.GetDbConnection(), Generator.DatabaseDialect, phase, done, stop).ConfigureAwait(false));
            }
        }

        if (await Deployment(readOnlyStore).CheckAsync(phase, applyNow, appliedBefore, state, stop).ConfigureAwait(false) is { } waitStopped)
        {
            return waitStopped;
        }

        await _context.GetService<IHistoryRepository>().CreateIfNotExistsAsync(CancellationToken.None).ConfigureAwait(false);
        var store = new RunnerStateStore(_context.Database.GetDbConnection(), Generator.DatabaseDialect.Runner);
        await store.EnsureCreatedAsync(CancellationToken.None).ConfigureAwait(false);
        state = await store.ReadAsync(CancellationToken.None).ConfigureAwait(false);
        var deployment = Deployment(store);
        deployment.Executor.Recovery.Lock = held;
        await deployment.PrepareAsync().ConfigureAwait(false);
        if (await deployment.RunAsync(phase, applyNow, appliedBefore, state, held, stop).ConfigureAwait(false) is { } stopped)
        {
            return stopped;
        }

        return (ExitCodes.Done, $"{phase} applied: {string.Join(", ", pending.Select(g => g.Of(phase)!.Id))}.");
    }

    private async Task<(int, string)> RollbackAsync(string? target, bool dryRun)
    {
        var (groups, _) = await ReadAsync().ConfigureAwait(false);
        var all = groups.SelectMany(g => g.Migrations).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
        var targetId = target == null ? null : Resolve(groups, target);

        // Without --to: the groups in flight (a phase applied, a later one pending). With --to: every group
        // after the target, and each must still be in flight.
        var undo = groups
            .Where(g => g.Migrations.Any(m => m.Applied) && (targetId == null
                ? g.Migrations.Any(m => !m.Applied)
                : g.Migrations.Any(m => m.Applied && string.CompareOrdinal(m.Id, targetId) > 0)))
            .Reverse()
            .ToList();
        var finished = undo.Where(g => g.Migrations.All(m => m.Applied)).ToList();
        if (finished.Count > 0)
        {
            throw new RunnerRefusal(ExitCodes.Refused,
                $"Cannot roll back {string.Join(", ", finished.Select(g => g.Name))}: all its phases have run (its Contract, if it has one, removed what the old version needs); nothing was changed. Write a new migration instead.");
        }

        if (undo.Count == 0)
        {
            return (ExitCodes.Done, "Nothing to roll back.");
        }

        var steps = undo.SelectMany(g => g.Migrations.Where(m => m.Applied).Reverse()).ToList();
        if (dryRun)
        {
            var scripts = new MigrationScripts(_context, Generator);
            foreach (var migration in steps)
            {
                _events.Report(new SqlEvent(migration.Id, scripts.Script(migration, down: true, Previous(all, migration))));
            }

            return (ExitCodes.Done, $"Dry run: {steps.Count} migrations would be rolled back; nothing was changed.");
        }

        await using var held = await LockAsync().ConfigureAwait(false);
        var store = new RunnerStateStore(_context.Database.GetDbConnection(), Generator.DatabaseDialect.Runner);
        await store.EnsureCreatedAsync(CancellationToken.None).ConfigureAwait(false);
        var deployment = Deployment(store);
        deployment.Executor.Recovery.Lock = held;
        await deployment.PrepareAsync().ConfigureAwait(false);
        foreach (var migration in steps)
        {
            await deployment.Executor.UndoAsync(Applier.Undo(migration, Previous(all, migration))).ConfigureAwait(false);
        }

        return (ExitCodes.Done, $"Rolled back {string.Join(", ", undo.Select(g => g.Name))}.");
    }

    private async Task<(IReadOnlyList<MigrationGroup> Groups, IReadOnlyDictionary<(string, string), RunnerStateRow> State)> ReadAsync()
    {
        var history = _context.GetService<IHistoryRepository>();
        await _context.Database.OpenConnectionAsync().ConfigureAwait(false);
        await SupportedServer.OpenAsync(_context.Database.GetDbConnection(), Generator.DatabaseDialect, CancellationToken.None).ConfigureAwait(false);

        // Named like the lock's session, so that a DBA sees (and can end) every session of the runner.
        await AdoCommands.ScalarAsync(
            _context.Database.GetDbConnection(), Generator.DatabaseDialect.Runner.NameSession, CancellationToken.None, null, ("name", DatabaseLock.HolderName)).ConfigureAwait(false);

        var applied = await history.ExistsAsync().ConfigureAwait(false)
            ? (await history.GetAppliedMigrationsAsync().ConfigureAwait(false)).Select(r => r.MigrationId).ToHashSet(StringComparer.Ordinal)
            : [];
        var groups = MigrationCatalog.Read(_context.GetService<IMigrationsAssembly>(), _context.GetService<IMigrationsIdGenerator>(), applied);
        var state = await new RunnerStateStore(_context.Database.GetDbConnection(), Generator.DatabaseDialect.Runner).ReadAsync(CancellationToken.None).ConfigureAwait(false);
        return (groups, state);
    }

    private void CheckOrder(MigrationPhase phase, IReadOnlyList<MigrationGroup> groups, IReadOnlyList<MigrationGroup> pending)
    {
        var scripts = new MigrationScripts(_context, Generator);
        PhaseOrder.Group View(MigrationGroup group) => new(
            group.Name,
            group.Migrations.Select(m => (m.Phase, m.Applied, (Func<IReadOnlySet<string>>)(() => TouchedTables.Of(scripts.Create(m).UpOperations)))).ToList());
        PhaseOrder.Check(phase, groups.Select(View).ToList(), pending.Select(View).ToList());
    }

    private void CheckBackfills(IEnumerable<PhaseMigration> migrations)
    {
        var scripts = new MigrationScripts(_context, Generator);
        PhaseOrder.CheckBackfills(migrations.SelectMany(m => scripts.Create(m).UpOperations.OfType<BackfillOperation>()
            .Select(b => (m.Id, b.Table, b.Column, b.ValueSql, b.KeyColumns.Count))));
    }

    /// <summary>A migration id from an id, a migration name or a group name (its last phase).</summary>
    private static string Resolve(IReadOnlyList<MigrationGroup> groups, string target)
    {
        var all = groups.SelectMany(g => g.Migrations).ToList();
        return all.FirstOrDefault(m => m.Id == target || m.Id.EndsWith("_" + target, StringComparison.Ordinal))?.Id
            ?? groups.LastOrDefault(g => g.Name == target)?.Migrations[^1].Id
            ?? throw new RunnerRefusal(ExitCodes.Usage,
                $"No migration '{target}' in this project; nothing was changed. Known migrations: {string.Join(", ", all.Select(m => m.Id))}.");
    }

    private static PhaseMigration? Previous(IReadOnlyList<PhaseMigration> all, PhaseMigration migration)
        => all.TakeWhile(m => m.Id != migration.Id).LastOrDefault();

    private HashSet<string> Migrations => _context.GetService<IMigrationsAssembly>().Migrations.Keys.ToHashSet(StringComparer.Ordinal);

    private MigrationApplier Applier => new(_context, new MigrationScripts(_context, Generator));

    private PhaseDeployment Deployment(RunnerStateStore store)
        => new(
            _context.Database.GetDbConnection(), Generator.DatabaseDialect, _settings, _events, store, _config, _context.GetType().FullName,
            Migrations);

    /// <summary>Whether an earlier run of the phase applied a migration but did not finish its after-hooks.</summary>
    private static bool OwesHooks(MigrationPhase phase, IReadOnlyList<MigrationGroup> groups, IReadOnlyDictionary<(string, string), RunnerStateRow> state)
        => groups.Select(g => g.Of(phase)).Any(m => m is { Applied: true } && state.TryGetValue((m.Id, PhaseDeployment.AfterHooksStep), out var row) && row.Status != "done");

    private async Task<DatabaseLock> LockAsync()
        => await DatabaseLock.AcquireAsync(_context.Database.GetDbConnection(), Generator.DatabaseDialect.Runner, _settings.WaitForLock, _events).ConfigureAwait(false);
}
