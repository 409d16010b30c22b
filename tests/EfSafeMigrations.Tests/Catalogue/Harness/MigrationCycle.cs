using EfSafeMigrations.Dialects;
using EfSafeMigrations.Planning;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Staging;
using EfSafeMigrations.Tests.Running;
using EfSafeMigrations.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using static EfSafeMigrations.Tests.Catalogue.Harness.ContextMigrations;

namespace EfSafeMigrations.Tests.Catalogue.Harness;

/// <summary>
/// One catalogue case on real PostgreSQL: an OLD and a NEW model, EF Core's operations between them
/// staged by the <see cref="Stager"/>, and two databases holding the OLD schema and the same seed rows.
/// The staged database goes through the phases (<see cref="ApplyAsync"/>, <see cref="RollBackAsync"/>)
/// while <see cref="Old"/> and <see cref="New"/> use it; the twin gets EF Core's plain migration in
/// <see cref="AssertStagedEqualsPlainAsync"/>, and both must end equal.
/// </summary>
/// <remarks>
/// The seed rows are what "staged equals plain" compares data by: a test writes rows of its own during
/// the cycle and leaves the seed rows alone.
/// </remarks>
public sealed class MigrationCycle : IAsyncDisposable
{
    private const string NoDatabase = "Host=localhost;Database=no_database_staging_only";

    private readonly IReadOnlyDictionary<string, IReadOnlySet<string>> _keysBefore;
    private bool _plainApplied;

    private MigrationCycle(
        PostgresDatabase staged, PostgresDatabase plain, CatalogueModel oldModel, CatalogueModel newModel, StagingPlan plan,
        IReadOnlyDictionary<string, IReadOnlySet<string>> keysBefore)
    {
        Staged = staged;
        Plain = plain;
        Plan = plan;
        _keysBefore = keysBefore;
        Old = new AppVersion("OLD", staged.ConnectionString, oldModel);
        New = new AppVersion("NEW", staged.ConnectionString, newModel);
    }

    /// <summary>The database the staged phases run on.</summary>
    public PostgresDatabase Staged { get; }

    /// <summary>The twin that gets EF Core's plain, unstaged migration.</summary>
    public PostgresDatabase Plain { get; }

    /// <summary>The staged change.</summary>
    public StagingPlan Plan { get; }

    /// <summary>The OLD app version, on the staged database.</summary>
    public AppVersion Old { get; }

    /// <summary>The NEW app version, on the staged database.</summary>
    public AppVersion New { get; }

    /// <summary>
    /// Stages the change from <paramref name="oldModel"/> to <paramref name="newModel"/> (no database is
    /// needed), as <c>dotnet ef migrations add</c> does.
    /// </summary>
    /// <exception cref="UnsafeMigrationException">The stager refuses the change.</exception>
    public static StagingPlan Stage(string name, Action<ModelBuilder> oldModel, Action<ModelBuilder> newModel)
        => Stage(Models(name, oldModel, newModel));

    /// <summary>
    /// Stages the change, then creates the staged database and its twin, each with the OLD schema (EF
    /// Core's operations from no model to OLD, through the same SQL generator as the phases) and the rows
    /// <paramref name="seed"/> writes through the OLD app.
    /// </summary>
    /// <param name="name">The case, for the databases' and the models' names.</param>
    /// <param name="oldModel">The OLD model.</param>
    /// <param name="newModel">The NEW model.</param>
    /// <param name="seed">Writes the rows that exist before the change, through the OLD app.</param>
    public static async Task<MigrationCycle> StartAsync(
        string name, Action<ModelBuilder> oldModel, Action<ModelBuilder> newModel, Func<AppVersion, Task>? seed = null)
    {
        var (oldVersion, newVersion) = Models(name, oldModel, newModel);
        var plan = Stage((oldVersion, newVersion));

        var databases = await Task.WhenAll(PostgresDatabase.CreateAsync(name), PostgresDatabase.CreateAsync(name + "_plain"));
        var (staged, plain) = (databases[0], databases[1]);
        try
        {
            foreach (var (database, safe) in new[] { (staged, true), (plain, false) })
            {
                await using var context = CatalogueContext.Create(database.ConnectionString, oldVersion, safe);
                var differ = context.GetService<IMigrationsModelDiffer>();
                await ExecuteAsync(context, differ.GetDifferences(null, RelationalModel(context)), DesignTimeModel(context));
                if (seed != null)
                {
                    await seed(new AppVersion("OLD", database.ConnectionString, oldVersion));
                }
            }

            IReadOnlyDictionary<string, IReadOnlySet<string>> keysBefore;
            await using (var context = CatalogueContext.Create(staged.ConnectionString, oldVersion, safeMigrations: false))
            {
                keysBefore = (await SchemaSnapshot.ReadAsync(staged.ConnectionString, RelationalModel(context))).RowKeys;
            }

            return new MigrationCycle(staged, plain, oldVersion, newVersion, plan, keysBefore);
        }
        catch
        {
            await staged.DisposeAsync();
            await plain.DisposeAsync();
            throw;
        }
    }

    /// <summary>Applies one phase's Up operations to the staged database, as a staged migration with <c>UseSafeMigrations()</c> does.</summary>
    public async Task ApplyAsync(MigrationPhase phase)
    {
        await using var context = CatalogueContext.Create(Staged.ConnectionString, New.Model, safeMigrations: true);
        await ExecuteAsync(context, Plan.Up(phase), DesignTimeModel(context));
    }

    /// <summary>
    /// Applies one phase's Up operations to the staged database through the phase runner's step executor
    /// (consecutive transactional steps in one transaction, the rest alone, backfills in batches), as
    /// <c>dotnet safe-migrate phase</c> does, awaiting <paramref name="afterEachRun"/> after every
    /// transaction or lone step has committed.
    /// </summary>
    internal async Task ApplyThroughRunnerAsync(MigrationPhase phase, Func<StepPause, Task> afterEachRun)
    {
        var stopped = await RunThroughRunnerAsync(phase, afterEachRun);
        Assert.True(stopped == null, $"The runner could not apply {phase}: {stopped?.Message}");
    }

    /// <summary>
    /// Runs one phase as <see cref="ApplyThroughRunnerAsync"/> does, and returns the runner's exit code and
    /// message when it stopped (for example because <paramref name="afterEachRun"/> threw), null when it finished.
    /// </summary>
    internal async Task<(int ExitCode, string Message)?> RunThroughRunnerAsync(MigrationPhase phase, Func<StepPause, Task> afterEachRun)
    {
        IReadOnlyList<PlanStep> steps;
        await using (var context = CatalogueContext.Create(Staged.ConnectionString, New.Model, safeMigrations: true))
        {
            steps = context.GetService<IMigrationsSqlGenerator>().Generate(Plan.Up(phase), DesignTimeModel(context)).Select(PlanSteps.From).ToList();
        }

        await using var connection = new NpgsqlConnection(Staged.ConnectionString);
        await connection.OpenAsync();
        var dialect = DatabaseDialects.PostgreSql;
        var state = new RunnerStateStore(connection, dialect.Runner);
        await state.EnsureCreatedAsync(CancellationToken.None);
        var events = new RecordingEvents();
        var executor = new StepExecutor(connection, dialect, new RunnerSettings(), events, state) { AfterEachRun = afterEachRun };
        var migration = new PendingMigration($"{Staged.Name}_{phase}", Staged.Name, phase, () => steps, "SELECT 1;");
        return await executor.ApplyEachAsync([migration], await state.ReadAsync(CancellationToken.None), CancellationToken.None);
    }

    /// <summary>Drops the runner's state table, which the plain twin does not have, before the schemas are compared.</summary>
    public Task ForgetRunnerStateAsync() => Staged.ExecuteAsync("""DROP TABLE IF EXISTS "__EFSafeMigrations" """);

    /// <summary>Applies one phase's Down operations to the staged database (a rollback of that phase).</summary>
    public async Task RollBackAsync(MigrationPhase phase)
    {
        await using var context = CatalogueContext.Create(Staged.ConnectionString, Old.Model, safeMigrations: true);
        await ExecuteAsync(context, Plan.Down(phase), DesignTimeModel(context));
    }

    /// <summary>Applies a phase that was just applied once more, and asserts that this neither fails nor changes the schema.</summary>
    public async Task ReapplyChangesNothingAsync(MigrationPhase phase)
    {
        var before = await SchemaSnapshot.ReadAsync(Staged.ConnectionString);
        await ApplyAsync(phase);
        var after = await SchemaSnapshot.ReadAsync(Staged.ConnectionString);
        var diff = SchemaSnapshot.Diff(before, "first run", after, "second run");
        Assert.True(diff.Length == 0, $"Applying {phase} a second time changed the schema:\n{diff}");
    }

    /// <summary>The staged database's schema now.</summary>
    public Task<SchemaSnapshot> SchemaAsync() => SchemaSnapshot.ReadAsync(Staged.ConnectionString);

    /// <summary>
    /// Applies EF Core's plain migration to the twin (a context without <c>UseSafeMigrations()</c>), then
    /// asserts that the staged database ended equal: the same schema, none of EfSafeMigrations' objects
    /// left, and the same data in the rows that existed before the change (and any the plain migration
    /// seeds), over the NEW model's columns.
    /// </summary>
    /// <param name="volatileColumns"><c>Table.Column</c> whose values are expected to differ (a volatile default); the test checks them itself.</param>
    public async Task AssertStagedEqualsPlainAsync(params string[] volatileColumns)
    {
        await using var context = CatalogueContext.Create(Plain.ConnectionString, New.Model, safeMigrations: false);
        if (!_plainApplied)
        {
            await using var old = CatalogueContext.Create(Plain.ConnectionString, Old.Model, safeMigrations: false);
            var operations = context.GetService<IMigrationsModelDiffer>().GetDifferences(RelationalModel(old), RelationalModel(context));
            await ExecuteAsync(context, operations, DesignTimeModel(context));
            _plainApplied = true;
        }

        var newModel = RelationalModel(context);
        var plain = await SchemaSnapshot.ReadAsync(Plain.ConnectionString, newModel, volatileColumns);
        var staged = await SchemaSnapshot.ReadAsync(Staged.ConnectionString, newModel, volatileColumns);

        Assert.True(
            staged.OursLeftOver.Count == 0,
            "EfSafeMigrations' objects are left after Contract:\n  " + string.Join("\n  ", staged.OursLeftOver));

        var plainKeys = plain.RowKeys;
        bool Compared(string table, string key)
            => plainKeys.GetValueOrDefault(table)?.Contains(key) == true || _keysBefore.GetValueOrDefault(table)?.Contains(key) == true;
        var diff = SchemaSnapshot.Diff(staged.WithRows(Compared), "staged", plain.WithRows(Compared), "plain");
        Assert.True(diff.Length == 0, $"The staged migration did not end where EF Core's plain migration does:\n{diff}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Staged.DisposeAsync();
        await Plain.DisposeAsync();
    }

    private static (CatalogueModel Old, CatalogueModel New) Models(string name, Action<ModelBuilder> oldModel, Action<ModelBuilder> newModel)
    {
        var id = name + "#" + Guid.NewGuid().ToString("N")[..8];
        return (new CatalogueModel(id + ":old", oldModel), new CatalogueModel(id + ":new", newModel));
    }

    private static StagingPlan Stage((CatalogueModel Old, CatalogueModel New) models)
    {
        using var oldContext = CatalogueContext.Create(NoDatabase, models.Old, safeMigrations: false);
        using var newContext = CatalogueContext.Create(NoDatabase, models.New, safeMigrations: false);
        return ContextMigrations.Stage(oldContext, newContext, DatabaseDialects.PostgreSql);
    }
}
