using System.Data.Common;
using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using static EfSafeMigrations.Dialects.MySql.MySqlText;

namespace EfSafeMigrations.Dialects.MySql;

/// <summary>
/// MySQL 8.0.29+ and MariaDB 10.4+, through Pomelo's EF Core provider (EF Core 9), its EF Core 10 fork by Microting
/// (Pomelo's generator under another name) or Oracle's MySql.EntityFrameworkCore (EF Core 10).
/// </summary>
public sealed class MySqlDialect : DatabaseDialect
{
    /// <inheritdoc />
    public override string Name => "MySQL";

    /// <inheritdoc />
    public override IReadOnlyList<string> ProviderNames { get; } = ["Pomelo.EntityFrameworkCore.MySql", "Microting.EntityFrameworkCore.MySql", "MySql.EntityFrameworkCore"];

    /// <inheritdoc />
    public override IBackfillSql Backfill { get; } = new MySqlBackfillSql();

    /// <inheritdoc />
    public override IRunnerSql Runner { get; } = new MySqlRunnerSql();

    /// <inheritdoc />
    public override IDeploymentSql Deployment { get; } = new MySqlDeploymentSql();

    /// <inheritdoc />
    public override string ResetLockTimeout => MySqlLockTimeout.Reset;

    /// <inheritdoc />
    public override TimeSpan? LockPollInterval => MySqlLockTimeout.PollInterval;

    /// <inheritdoc />
    public override string IndexValidityQuery =>
        "SELECT TRUE FROM information_schema.STATISTICS WHERE INDEX_NAME = @name AND TABLE_SCHEMA = COALESCE(@schema, DATABASE()) LIMIT 1;";

    /// <inheritdoc />
    public override bool IsVolatileDefault(string defaultValueSql) => MySqlStagingFacts.IsVolatileDefault(defaultValueSql);

    /// <inheritdoc />
    public override bool IsMetadataOnlyTypeChange(string oldStoreType, string newStoreType)
        => MySqlStagingFacts.IsMetadataOnlyTypeChange(oldStoreType, newStoreType);

    /// <inheritdoc />
    public override bool IsMetadataOnlyUnderUtc(string oldStoreType, string newStoreType) => false;

    /// <inheritdoc />
    public override string QuoteIdentifier(string identifier) => Quote(identifier);

    /// <inheritdoc />
    public override bool HasTransactionalDdl => false;

    /// <inheritdoc />
    public override IStagingWords Words { get; } = new MySqlStagingWords();

    /// <inheritdoc />
    public override string? PrimaryKeyChangeRefusal(string table) => MySqlOnlineDdl.PrimaryKeyRefusal(table);

    /// <inheritdoc />
    public override string LockTimeoutInTransaction(TimeSpan timeout) => MySqlLockTimeout.Set(timeout);

    /// <inheritdoc />
    public override string LockTimeoutForSession(TimeSpan timeout) => MySqlLockTimeout.SetForDdl(timeout);

    /// <inheritdoc />
    public override bool IsCopyRequired(DbException error)
        => MySqlErrors.Number(error) is MySqlErrors.AlgorithmNotSupported or MySqlErrors.AlgorithmNotSupportedReason;

    /// <inheritdoc />
    public override string DropIndexConcurrently(string name, string? schema)
        => throw new NotSupportedException("MySQL has no invalid indexes to drop: an index build that fails leaves no index.");

    /// <summary>
    /// A view can not stand beside a table of its name, and MySQL's DDL is not transactional: the view of a renamed
    /// table and the rename become one atomic <c>RENAME TABLE</c> that moves the view aside as the table takes its
    /// name (see <see cref="MySqlOnlineDdl"/>), so the new version never finds the name missing.
    /// </summary>
    public override IReadOnlyList<MigrationOperation> Arrange(IReadOnlyList<MigrationOperation> operations)
    {
        var arranged = new List<MigrationOperation>();
        for (var i = 0; i < operations.Count; i++)
        {
            // MySQL sets NOT NULL only by restating the whole column, which the AlterColumn that follows a SetNotNull
            // does: it runs from a nullable column, in place, checking the rows while writes go on.
            if (operations[i] is SetNotNullOperation notNull
                && operations.Skip(i + 1).OfType<AlterColumnOperation>().FirstOrDefault(
                    a => a.Table == notNull.Table && a.Schema == notNull.Schema && a.Name == notNull.Column && !a.IsNullable) is { } alter)
            {
                alter.OldColumn.IsNullable = true;
                continue;
            }

            if (operations[i] is DropRenameViewOperation view && i + 1 < operations.Count
                && operations[i + 1] is RenameTableOperation rename && rename.Name == view.Table && rename.NewName == view.NewName && rename.Schema == view.Schema)
            {
                rename[MySqlOnlineDdl.ReplacesViewAnnotation] = true;
                continue;
            }

            arranged.Add(operations[i]);
        }

        return arranged;
    }

    /// <inheritdoc />
    public override IReadOnlyList<MigrationStep>? GenerateOwn(MigrationOperation operation, bool tableIsNew)
        => MySqlOnlineDdl.GenerateOwn(operation, tableIsNew);

    /// <inheritdoc />
    public override IReadOnlyList<MigrationStep>? Rewrite(MigrationOperation operation, string providerSql, bool tableIsNew)
        => MySqlOnlineDdl.Rewrite(operation, providerSql, tableIsNew);

    /// <inheritdoc />
    public override IReadOnlyList<MigrationStep> Generate(SafeMigrationOperation operation) => operation switch
    {
        BackfillOperation backfill => [new BackfillStep(backfill)],
        AddFillTriggerOperation fill => MySqlTriggerSql.AddFill(fill),
        DropFillTriggerOperation fill => MySqlTriggerSql.Drop(fill.Schema, MySqlTriggerSql.FillNames(fill.Table, fill.Column)),
        AddRenameSyncTriggerOperation sync => MySqlTriggerSql.AddSync(sync),
        DropRenameSyncTriggerOperation sync => MySqlTriggerSql.Drop(sync.Schema, MySqlTriggerSql.SyncNames(sync.Table, sync.OldColumn, sync.NewColumn)),

        // Arrange gives a SetNotNull followed by its AlterColumn to the AlterColumn; MySQL has no NOT NULL without the column's whole definition.
        SetNotNullOperation notNull => throw new NotSupportedException(
            $"The MySQL dialect makes {notNull.Table}.{notNull.Column} NOT NULL only through an AlterColumn with its whole definition after the SetNotNull: add migrationBuilder.AlterColumn(...) with nullable: false after it."),

        // A foreign key's rows are checked by query right after it is added (see MySqlOnlineDdl); nothing is left to validate.
        ValidateConstraintOperation => [],
        RenameConstraintOperation rename => [new OnlineAlterStep(
            [$"ALTER TABLE {Table(rename.Table, rename.Schema)} RENAME INDEX {Quote(rename.Name)} TO {Quote(rename.NewName)}, ALGORITHM=INSTANT;"],
            Not(IndexExists(rename.Table, rename.Schema, rename.Name)),
            $"The server cannot rename index {rename.Name} in place.")],
        CreateRenameViewOperation view => [new DdlStep(
            $"CREATE OR REPLACE VIEW {Table(view.NewName, view.Schema)} AS SELECT * FROM {Table(view.Table, view.Schema)};", Transactional: false)],
        DropRenameViewOperation view => [new DdlStep($"DROP VIEW IF EXISTS {Table(view.NewName, view.Schema)};", Transactional: false)],
        _ => throw new NotSupportedException($"The MySQL dialect cannot generate SQL for {operation.GetType().Name}."),
    };
}
