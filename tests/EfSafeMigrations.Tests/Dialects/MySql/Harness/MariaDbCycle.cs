using EfSafeMigrations.Dialects;
using EfSafeMigrations.Planning;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Staging;
using EfSafeMigrations.Tests.Catalogue.Harness;
using EfSafeMigrations.Tests.Running;
using EfSafeMigrations.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;
using static EfSafeMigrations.Tests.Catalogue.Harness.ContextMigrations;

namespace EfSafeMigrations.Tests.Dialects.MySql.Harness;

/// <summary>
/// One catalogue case on real MariaDB through a MySQL provider (Pomelo, or Oracle's on EF Core 10): the change from an OLD to a NEW model staged for MySQL, a
/// staged database and a twin holding the OLD schema and the same seed rows. The staged database goes through the
/// phases through the phase runner's step executor, as <c>dotnet safe-migrate phase</c> runs them; the twin gets
/// the provider's plain migration, and both must end equal.
/// </summary>
internal sealed class MariaDbCycle : IAsyncDisposable
{
    private const string NoDatabase = "Server=localhost;Database=no_database_staging_only";

    private readonly IReadOnlySet<string> _keysBefore;

    private MariaDbCycle(MariaDbDatabase staged, MariaDbDatabase plain, CatalogueModel oldModel, CatalogueModel newModel, StagingPlan plan, IReadOnlySet<string> keysBefore)
    {
        (Staged, Plain, Plan, _keysBefore) = (staged, plain, plan, keysBefore);
        Old = new AppVersion("OLD", staged.ConnectionString, oldModel, oldModel.Provider);
        New = new AppVersion("NEW", staged.ConnectionString, newModel, newModel.Provider);
    }

    public MariaDbDatabase Staged { get; }

    public MariaDbDatabase Plain { get; }

    public StagingPlan Plan { get; }

    public AppVersion Old { get; }

    public AppVersion New { get; }

    /// <summary>Stages the change for MySQL, as <c>dotnet ef migrations add</c> does; no database needed.</summary>
    public static StagingPlan Stage(MySqlProvider provider, string name, Action<ModelBuilder> oldModel, Action<ModelBuilder> newModel)
        => Stage(Models(provider, name, oldModel, newModel));

    /// <summary>Stages the change between two model versions for MySQL.</summary>
    public static StagingPlan Stage(CatalogueModel oldModel, CatalogueModel newModel) => Stage((oldModel, newModel));

    public static async Task<MariaDbCycle> StartAsync(
        MySqlProvider provider, string name, Action<ModelBuilder> oldModel, Action<ModelBuilder> newModel, Func<AppVersion, Task>? seed = null)
    {
        var (oldVersion, newVersion) = Models(provider, name, oldModel, newModel);
        var plan = Stage((oldVersion, newVersion));
        var staged = await MariaDbDatabase.CreateAsync(name);
        var plain = await MariaDbDatabase.CreateAsync(name + "_plain");
        try
        {
            foreach (var (database, safe) in new[] { (staged, true), (plain, false) })
            {
                await using var context = Context(database.ConnectionString, oldVersion, safe);
                await ExecuteAsync(context, context.GetService<IMigrationsModelDiffer>().GetDifferences(null, RelationalModel(context)));
                if (seed != null)
                {
                    await seed(new AppVersion("OLD", database.ConnectionString, oldVersion, oldVersion.Provider));
                }
            }

            var keysBefore = (await MariaDbSchema.ReadAsync(staged.ConnectionString, RelationalModel(Context(NoDatabase, oldVersion, false)))).RowKeys;
            return new MariaDbCycle(staged, plain, oldVersion, newVersion, plan, keysBefore);
        }
        catch
        {
            await staged.DisposeAsync();
            await plain.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs one phase through the phase runner's step executor, awaiting <paramref name="afterEachRun"/> after every
    /// step; returns the runner's exit code and message when it stopped, null when it finished.
    /// </summary>
    public Task<(int ExitCode, string Message)?> RunAsync(
        MigrationPhase phase, Func<StepPause, Task>? afterEachRun = null, RecordingEvents? events = null, RunnerSettings? settings = null)
        => RunAsync(Staged, Plan, New.Model, $"{Staged.Name}_{phase}", phase, afterEachRun, events, settings);

    /// <summary>
    /// Runs one phase of <paramref name="plan"/> on <paramref name="database"/> through the phase runner's step executor,
    /// as migration <paramref name="migrationId"/>; returns the exit code and message when it stopped, null when it finished.
    /// </summary>
    public static async Task<(int ExitCode, string Message)?> RunAsync(
        MariaDbDatabase database,
        StagingPlan plan,
        CatalogueModel model,
        string migrationId,
        MigrationPhase phase,
        Func<StepPause, Task>? afterEachRun = null,
        RecordingEvents? events = null,
        RunnerSettings? settings = null)
    {
        var steps = Steps(database, plan, model, phase);
        await using var connection = new MySqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var dialect = DatabaseDialects.MySql;
        var state = new RunnerStateStore(connection, dialect.Runner);
        await state.EnsureCreatedAsync(CancellationToken.None);
        var executor = new StepExecutor(connection, dialect, settings ?? new RunnerSettings(), events ?? new RecordingEvents(), state) { AfterEachRun = afterEachRun };
        var migration = new PendingMigration(migrationId, database.Name, phase, () => steps, "SELECT 1;");
        return await executor.ApplyEachAsync([migration], await state.ReadAsync(CancellationToken.None), CancellationToken.None);
    }

    /// <summary>The steps of one phase of <paramref name="plan"/>, as the runner executes them and a plan or <c>--dry-run</c> shows them.</summary>
    public static IReadOnlyList<PlanStep> Steps(MariaDbDatabase database, StagingPlan plan, CatalogueModel model, MigrationPhase phase)
    {
        using var context = Context(database.ConnectionString, model, safe: true);
        return context.GetService<IMigrationsSqlGenerator>().Generate(plan.Up(phase), DesignTimeModel(context)).Select(PlanSteps.From).ToList();
    }

    /// <summary>The steps of one phase of this cycle's change.</summary>
    public IReadOnlyList<PlanStep> Steps(MigrationPhase phase) => Steps(Staged, Plan, New.Model, phase);

    /// <summary>Creates the schema of <paramref name="model"/> on <paramref name="database"/> (from no model), with or without <c>UseSafeMigrations()</c>.</summary>
    public static async Task CreateAsync(MariaDbDatabase database, CatalogueModel model, bool safe)
    {
        await using var context = Context(database.ConnectionString, model, safe);
        await ExecuteAsync(context, context.GetService<IMigrationsModelDiffer>().GetDifferences(null, RelationalModel(context)));
    }

    /// <summary>Applies Pomelo's plain migration from <paramref name="from"/> to <paramref name="to"/> on <paramref name="database"/>.</summary>
    public static async Task MigratePlainAsync(MariaDbDatabase database, CatalogueModel from, CatalogueModel to)
    {
        await using var context = Context(database.ConnectionString, to, safe: false);
        await using var old = Context(database.ConnectionString, from, safe: false);
        var operations = context.GetService<IMigrationsModelDiffer>().GetDifferences(RelationalModel(old), RelationalModel(context));

        // A column made required: neither Pomelo nor Oracle's provider always fills its NULLs first (MariaDB then refuses
        // the ALTER), so the twin gets the data fix a developer writes for it, with the value the staged Backfill fills in.
        foreach (var required in operations.OfType<AlterColumnOperation>().Where(a => a.OldColumn.IsNullable && !a.IsNullable))
        {
            var value = required.DefaultValue ?? (required.ClrType == typeof(string) ? string.Empty : Activator.CreateInstance(required.ClrType));
            var literal = value is string text ? $"'{text.Replace("'", "''", StringComparison.Ordinal)}'" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
            await database.ExecuteAsync($"UPDATE `{required.Table}` SET `{required.Name}` = {literal} WHERE `{required.Name}` IS NULL");
        }

        await ExecuteAsync(context, operations);
    }

    /// <summary>The relational model of a model version, for reading a database's rows over its columns.</summary>
    public static IRelationalModel RelationalModelOf(CatalogueModel model) => RelationalModel(Context(NoDatabase, model, safe: false));

    /// <summary>Runs one phase through the runner and asserts that it finished.</summary>
    public async Task ApplyAsync(MigrationPhase phase, Func<StepPause, Task>? afterEachRun = null)
    {
        var stopped = await RunAsync(phase, afterEachRun);
        Assert.True(stopped == null, $"The runner could not apply {phase}: {stopped?.Message}");
    }

    /// <summary>Applies one phase's Down operations (a rollback of that phase) through EF Core's migration command executor.</summary>
    public async Task RollBackAsync(MigrationPhase phase)
    {
        await using var context = Context(Staged.ConnectionString, Old.Model, safe: true);
        await ExecuteAsync(context, Plan.Down(phase));
        await Staged.ExecuteAsync($"DELETE FROM `__EFSafeMigrations` WHERE migration_id = '{Staged.Name}_{phase}'");
    }

    /// <summary>The staged database's schema now (no rows).</summary>
    public Task<MariaDbSchema> SchemaAsync() => MariaDbSchema.ReadAsync(Staged.ConnectionString);

    /// <summary>
    /// Applies Pomelo's plain migration to the twin, then asserts that the staged database ended equal: the same
    /// schema, none of EfSafeMigrations' objects left, the same seed rows over the NEW model's columns.
    /// </summary>
    public async Task AssertStagedEqualsPlainAsync(params string[] volatileColumns)
    {
        await using var context = Context(Plain.ConnectionString, New.Model, safe: false);
        await MigratePlainAsync(Plain, Old.Model, New.Model);

        await Staged.ExecuteAsync("DROP TABLE IF EXISTS `__EFSafeMigrations`");
        var model = RelationalModel(context);
        var plainKeys = (await MariaDbSchema.ReadAsync(Plain.ConnectionString, model)).RowKeys;
        bool Compared(string table, string key) => plainKeys.Contains(key) || _keysBefore.Contains(key);
        var plain = await MariaDbSchema.ReadAsync(Plain.ConnectionString, model, Compared, volatileColumns);
        var staged = await MariaDbSchema.ReadAsync(Staged.ConnectionString, model, Compared, volatileColumns);
        Assert.True(staged.OursLeftOver.Count == 0, "EfSafeMigrations' objects are left after Contract:\n  " + string.Join("\n  ", staged.OursLeftOver));
        var diff = MariaDbSchema.Diff(staged, "staged", plain, "plain");
        Assert.True(diff.Length == 0, $"The staged migration did not end where the provider's plain migration does:\n{diff}");
    }

    public async ValueTask DisposeAsync()
    {
        await Staged.DisposeAsync();
        await Plain.DisposeAsync();
    }

    /// <summary>
    /// The SQL of the provider's own, unstaged migration from one model to the other (as a hand-written migration or one
    /// scaffolded without EfSafeMigrations holds), generated with or without <c>UseSafeMigrations()</c>.
    /// </summary>
    public static IReadOnlyList<MigrationCommand> GenerateUnstaged(MySqlProvider provider, Action<ModelBuilder> oldModel, Action<ModelBuilder> newModel, bool safe)
    {
        var (oldVersion, newVersion) = Models(provider, "unstaged", oldModel, newModel);
        using var oldContext = Context(NoDatabase, oldVersion, safe: false);
        using var newContext = Context(NoDatabase, newVersion, safe);
        var operations = newContext.GetService<IMigrationsModelDiffer>().GetDifferences(RelationalModel(oldContext), RelationalModel(newContext));
        return newContext.GetService<IMigrationsSqlGenerator>().Generate(operations, DesignTimeModel(newContext));
    }

    private static CatalogueContext Context(string connectionString, CatalogueModel model, bool safe)
        => CatalogueContext.Create(connectionString, model, safe);

    private static (CatalogueModel Old, CatalogueModel New) Models(MySqlProvider provider, string name, Action<ModelBuilder> oldModel, Action<ModelBuilder> newModel)
    {
        var id = $"{provider.Name}:{name}#{Guid.NewGuid().ToString("N")[..8]}";
        return (new CatalogueModel(id + ":old", oldModel, provider.Use), new CatalogueModel(id + ":new", newModel, provider.Use));
    }

    private static StagingPlan Stage((CatalogueModel Old, CatalogueModel New) models)
    {
        using var oldContext = Context(NoDatabase, models.Old, safe: false);
        using var newContext = Context(NoDatabase, models.New, safe: false);
        return ContextMigrations.Stage(oldContext, newContext, DatabaseDialects.MySql);
    }
}
