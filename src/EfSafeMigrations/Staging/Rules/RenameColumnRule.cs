using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>
/// A renamed column. Expand adds the new column with triggers keeping old and new equal both ways,
/// and builds its indexes on the new column; Backfill copies old to new; Contract makes the new column
/// NOT NULL the safe way if the old one was and gives it the old default while the triggers still fill
/// both columns, drops the old column's indexes, then drops the triggers and the old column in one
/// transaction (a NOT NULL old column left without its trigger would fail every insert of the new version).
/// </summary>
public sealed class RenameColumnRule : StagingRule<RenameColumnOperation>
{
    private const string TemporaryIndexSuffix = "_esm_new";

    /// <inheritdoc />
    protected override void Claim(RenameColumnOperation operation, StagingContext context)
    {
        foreach (var rename in context.Operations.OfType<RenameIndexOperation>()
            .Where(r => r.Table == operation.Table && r.Schema == operation.Schema && IndexCovers(context, r.NewName, operation)))
        {
            context.Consume(rename);
        }

        // The new column is created with its final type and given its final definition in Contract.
        foreach (var alter in context.Operations.OfType<AlterColumnOperation>()
            .Where(a => a.Table == operation.Table && a.Schema == operation.Schema && a.Name == operation.NewName))
        {
            context.Consume(alter);
        }
    }

    /// <inheritdoc />
    protected override void Stage(RenameColumnOperation operation, StagingContext context)
    {
        var (table, schema, oldName, newName) = (operation.Table, operation.Schema, operation.Name, operation.NewName);
        var name = $"{Ops.Name(table, schema)}.{oldName}";
        var column = context.TargetColumn(table, schema, newName)
            ?? throw new InvalidOperationException($"The model after the change has no column {Ops.Name(table, schema)}.{newName}.");
        if (column.Table.PrimaryKey?.Columns.Contains(column) == true)
        {
            throw new UnsafeMigrationException(
                $"Renaming primary key column {name} to {newName} is not staged: every reference to the key would move with it. "
                + "Keep the column name (map the property with HasColumnName(\"" + oldName + "\")) or add a new key in its own change.");
        }

        var oldColumn = context.SourceColumn(table, schema, oldName);
        var oldIndexes = oldColumn?.Table.Indexes.Where(i => i.Columns.Contains(oldColumn)).ToList() ?? [];
        var newIndexes = column.Table.Indexes.Where(i => i.Columns.Contains(column)).ToList();
        var sourceIndexNames = oldColumn?.Table.Indexes.Select(i => i.Name).ToHashSet() ?? [];

        var definition = Ops.ColumnDefinition(table, schema, newName, column);
        var add = Ops.AsNullableWithoutDefault(definition);
        var sync = new AddRenameSyncTriggerOperation { Table = table, Schema = schema, OldColumn = oldName, NewColumn = newName };
        var unsync = new DropRenameSyncTriggerOperation { Table = table, Schema = schema, OldColumn = oldName, NewColumn = newName };
        var createIndexes = newIndexes.Select(i => CreateIndex(i, sourceIndexNames.Contains(i.Name) ? i.Name + TemporaryIndexSuffix : i.Name)).ToList();
        context.Plan.Add(
            MigrationPhase.Expand,
            [add, sync, .. createIndexes],
            [.. createIndexes.Select(i => (MigrationOperation)new DropIndexOperation { Name = i.Name, Table = table, Schema = schema }).Reverse(), unsync, Ops.DropColumn(table, schema, newName)],
            $"adds column {newName} beside {oldName} with triggers keeping both equal{(createIndexes.Count > 0 ? ", and builds its indexes" : string.Empty)}");

        context.Plan.Add(
            MigrationPhase.Backfill,
            [
                new BackfillOperation
                {
                    Table = table, Schema = schema, Column = newName, ValueSql = context.Facts.QuoteIdentifier(oldName),
                    KeyColumns = context.KeyColumns(table, schema),
                },
            ],
            [],
            $"copies {name} into {newName}, in batches");

        // The triggers keep filling the old column until it is dropped, in the same transaction as they
        // go: while it exists, a NOT NULL old column must get a value on every insert of the new version.
        var contract = new List<MigrationOperation>();
        var isRequired = !column.IsNullable;
        if (isRequired)
        {
            contract.Add(new SetNotNullOperation { Table = table, Schema = schema, Column = newName });
        }

        if (isRequired || column.DefaultValue != null || column.DefaultValueSql != null)
        {
            contract.Add(Ops.AfterSetNotNull(Ops.AlterToDefinition(definition)));
        }

        contract.AddRange(oldIndexes.Select(i => new DropIndexOperation { Name = i.Name, Table = table, Schema = schema }));

        // Where each DDL statement commits by itself, the new version inserts between the triggers' drop and the
        // column's (a trigger cannot outlive a column it reads): a NOT NULL old column gets its CLR default first.
        if (!context.Facts.HasTransactionalDdl && oldColumn is { IsNullable: false, DefaultValue: null, DefaultValueSql: null, ComputedColumnSql: null }
            && ClrDefault(oldColumn.ProviderClrType) is { } zero)
        {
            contract.Add(Ops.AlterDefault(Ops.ColumnDefinition(table, schema, oldName, oldColumn), zero));
        }

        contract.Add(unsync);
        contract.Add(Ops.DropColumn(table, schema, oldName));
        contract.AddRange(createIndexes.Where(i => i.Name.EndsWith(TemporaryIndexSuffix, StringComparison.Ordinal))
            .Select(i => new RenameIndexOperation { Table = table, Schema = schema, Name = i.Name, NewName = i.Name[..^TemporaryIndexSuffix.Length] }));

        var restoreOld = Ops.AsNullableWithoutDefault(Ops.ColumnDefinition(table, schema, oldName, oldColumn ?? column));
        context.Plan.Add(
            MigrationPhase.Contract,
            contract,
            [
                restoreOld,
                new AddRenameSyncTriggerOperation { Table = table, Schema = schema, OldColumn = oldName, NewColumn = newName },
                new BackfillOperation
                {
                    Table = table, Schema = schema, Column = oldName, ValueSql = context.Facts.QuoteIdentifier(newName),
                    KeyColumns = context.KeyColumns(table, schema),
                },
                .. oldIndexes.Select(CreateIndexFromSource),
            ],
            $"{(isRequired ? "makes " + newName + " NOT NULL the safe way while the triggers still fill both columns, then " : string.Empty)}{context.Facts.Words.DropRenamedColumn(name)}");
    }

    private static object? ClrDefault(Type type)
        => type == typeof(string) ? string.Empty : type.IsValueType ? Activator.CreateInstance(type) : null;

    private static bool IndexCovers(StagingContext context, string indexName, RenameColumnOperation rename)
        => context.Target.FindTable(rename.Table, rename.Schema)?.Indexes
            .Any(i => i.Name == indexName && i.Columns.Any(c => c.Name == rename.NewName)) == true;

    private static CreateIndexOperation CreateIndex(ITableIndex index, string name)
    {
        var operation = CreateIndexOperation.CreateFrom(index);
        operation.Name = name;
        return operation;
    }

    private static MigrationOperation CreateIndexFromSource(ITableIndex index) => CreateIndexOperation.CreateFrom(index);
}
