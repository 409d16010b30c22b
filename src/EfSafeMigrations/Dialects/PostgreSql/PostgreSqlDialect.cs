using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using static EfSafeMigrations.Dialects.PostgreSql.PostgreSqlText;

namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>PostgreSQL (12 and later), through the Npgsql EF Core provider.</summary>
public sealed class PostgreSqlDialect : DatabaseDialect
{
    /// <inheritdoc />
    public override string Name => "PostgreSQL";

    /// <inheritdoc />
    public override IReadOnlyList<string> ProviderNames { get; } = ["Npgsql.EntityFrameworkCore.PostgreSQL"];

    /// <inheritdoc />
    public override IBackfillSql Backfill { get; } = new PostgreSqlBackfillSql();

    /// <inheritdoc />
    public override IRunnerSql Runner { get; } = new PostgreSqlRunnerSql();

    /// <inheritdoc />
    public override IDeploymentSql Deployment { get; } = new PostgreSqlDeploymentSql();

    /// <inheritdoc />
    public override string ResetLockTimeout => "RESET lock_timeout;";

    /// <inheritdoc />
    public override string IndexValidityQuery =>
        """
        SELECT i.indisvalid FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname = @name AND n.nspname = COALESCE(@schema, current_schema());
        """;

    /// <inheritdoc />
    public override bool IsVolatileDefault(string defaultValueSql) => PostgreSqlStagingFacts.IsVolatileDefault(defaultValueSql);

    /// <inheritdoc />
    public override bool IsMetadataOnlyTypeChange(string oldStoreType, string newStoreType)
        => PostgreSqlStagingFacts.IsMetadataOnlyTypeChange(oldStoreType, newStoreType);

    /// <inheritdoc />
    public override bool IsMetadataOnlyUnderUtc(string oldStoreType, string newStoreType)
        => PostgreSqlStagingFacts.IsTimestampZoneChange(oldStoreType, newStoreType);

    /// <inheritdoc />
    public override string QuoteIdentifier(string identifier) => Quote(identifier);

    /// <inheritdoc />
    public override bool HasTransactionalDdl => true;

    /// <inheritdoc />
    public override IStagingWords Words { get; } = new PostgreSqlStagingWords();

    /// <inheritdoc />
    public override string LockTimeoutInTransaction(TimeSpan timeout) => $"SET LOCAL lock_timeout = '{Milliseconds(timeout)}ms';";

    /// <inheritdoc />
    public override string LockTimeoutForSession(TimeSpan timeout) => $"SET lock_timeout = '{Milliseconds(timeout)}ms';";

    /// <inheritdoc />
    public override string DropIndexConcurrently(string name, string? schema) => PostgreSqlOnlineDdl.DropIndexConcurrently(name, schema);

    /// <inheritdoc />
    public override MigrationOperation PrepareForProvider(MigrationOperation operation, bool tableIsNew)
    {
        if (operation is CreateIndexOperation && !tableIsNew)
        {
            operation[PostgreSqlOnlineDdl.CreatedConcurrentlyAnnotation] = true;
        }

        return operation;
    }

    /// <inheritdoc />
    public override IReadOnlyList<MigrationStep>? Rewrite(MigrationOperation operation, string providerSql, bool tableIsNew)
        => PostgreSqlOnlineDdl.Rewrite(operation, providerSql, tableIsNew);

    /// <inheritdoc />
    public override IReadOnlyList<MigrationStep> Generate(SafeMigrationOperation operation) => operation switch
    {
        BackfillOperation backfill => [new BackfillStep(backfill)],
        AddFillTriggerOperation fill => [new DdlStep(PostgreSqlTriggerSql.AddFill(fill))],
        DropFillTriggerOperation fill => [new DdlStep(PostgreSqlTriggerSql.Drop(fill.Table, fill.Schema, PostgreSqlTriggerSql.FillName(fill.Table, fill.Column)))],
        AddRenameSyncTriggerOperation sync => [new DdlStep(PostgreSqlTriggerSql.AddSync(sync))],
        DropRenameSyncTriggerOperation sync => [new DdlStep(PostgreSqlTriggerSql.Drop(sync.Table, sync.Schema, PostgreSqlTriggerSql.SyncName(sync.Table, sync.OldColumn, sync.NewColumn)))],
        SetNotNullOperation notNull => PostgreSqlConstraintSql.SetNotNull(notNull),
        ValidateConstraintOperation validate => [new DdlStep(PostgreSqlConstraintSql.Validate(validate.Table, validate.Schema, validate.Name), Transactional: false)],
        RenameConstraintOperation rename => [new DdlStep(PostgreSqlConstraintSql.Rename(rename))],
        CreateRenameViewOperation view => [new DdlStep($"CREATE OR REPLACE VIEW {Table(view.NewName, view.Schema)} AS SELECT * FROM {Table(view.Table, view.Schema)};")],
        DropRenameViewOperation view => [new DdlStep($"DROP VIEW IF EXISTS {Table(view.NewName, view.Schema)};")],
        _ => throw new NotSupportedException($"The PostgreSQL dialect cannot generate SQL for {operation.GetType().Name}."),
    };

    private static long Milliseconds(TimeSpan timeout) => (long)Math.Ceiling(timeout.TotalMilliseconds);
}
