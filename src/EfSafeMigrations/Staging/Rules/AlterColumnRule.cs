using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>
/// A changed column. A metadata-only type change, NOT NULL to nullable, or a new default: altered in
/// Expand. Nullable to NOT NULL: a trigger fills NULL writes in Expand, existing NULLs are backfilled,
/// NOT NULL is set the safe way in Contract. timestamp to timestamptz on a property that says
/// <c>HasValuesInUtc</c>: altered in Expand under TimeZone UTC, without a rewrite. A type change that rewrites the
/// table is refused with the safe recipe unless the property says <c>IsSafetyAssured</c>.
/// </summary>
public sealed class AlterColumnRule : StagingRule<AlterColumnOperation>
{
    /// <inheritdoc />
    protected override void Stage(AlterColumnOperation operation, StagingContext context)
    {
        var old = operation.OldColumn;
        var name = $"{Ops.Name(operation.Table, operation.Schema)}.{operation.Name}";
        var undo = TrueDefaults(context.RequireDown<AlterColumnOperation>(
            a => a.Table == operation.Table && a.Schema == operation.Schema && a.Name == operation.Name, $"altering {name}"), operation);

        if (TypeChanges(operation) && context.Facts.IsMetadataOnlyUnderUtc(old.ColumnType!, operation.ColumnType!)
            && context.PropertyAnnotation(operation.Table, operation.Schema, operation.Name, SafeAnnotationNames.ValuesInUtc) != null)
        {
            operation.AddAnnotation(SafeAnnotationNames.ValuesInUtc, true);
            undo.AddAnnotation(SafeAnnotationNames.ValuesInUtc, true);
            context.Plan.Add(MigrationPhase.Expand, [operation], [undo],
                $"changes {name} from {old.ColumnType} to {operation.ColumnType} reading the stored values as UTC (TimeZone UTC for the statement: "
                + "no table rewrite on PostgreSQL 12+, its indexes rebuilt); the old version's writes are converted with its session TimeZone");
            return;
        }

        if (TypeChanges(operation) && !context.Facts.IsMetadataOnlyTypeChange(old.ColumnType!, operation.ColumnType!))
        {
            var reason = context.PropertyAnnotation(operation.Table, operation.Schema, operation.Name, SafeAnnotationNames.SafetyAssured)
                ?? throw new UnsafeMigrationException(
                    $"Changing column {name} from {old.ColumnType} to {operation.ColumnType} rewrites table {Ops.Name(operation.Table, operation.Schema)} "
                    + "under an exclusive lock, and the old version cannot read the new type. Safe recipe: add a new property and column of the new type, "
                    + "write both from the app (or copy with .HasBackfillSql on the new property), switch reads to the new column, then drop the old one in a later change. "
                    + (context.Facts.IsMetadataOnlyUnderUtc(old.ColumnType!, operation.ColumnType!)
                        ? "If every stored value is UTC, mark the property .HasValuesInUtc() and scaffold again: the change then runs under TimeZone UTC without a rewrite (PostgreSQL 12+). "
                        : string.Empty)
                    + $"If the table is small enough to rewrite during the deploy, mark the property .IsSafetyAssured(\"<why>\") and scaffold again.");
            // The assurance goes with the operation (and its undo) to the SQL generator: MySQL's runner copies the table only when told it may.
            operation.AddAnnotation(SafeAnnotationNames.SafetyAssured, reason);
            undo.AddAnnotation(SafeAnnotationNames.SafetyAssured, reason);
            context.Plan.Add(MigrationPhase.Expand, [operation], [undo], context.Facts.Words.AssuredTypeChange(name, reason));
            return;
        }

        if (old.IsNullable && !operation.IsNullable)
        {
            StageNotNull(operation, context, name, undo);
            return;
        }

        var caveat = !old.IsNullable && operation.IsNullable
            ? $"; the new version must not write NULL to {name} before Contract, since the old version's model requires a value there"
            : string.Empty;
        context.Plan.Add(MigrationPhase.Expand, [operation], [undo], $"alters {name} in place ({Describe(operation)}){caveat}");
    }

    private static void StageNotNull(AlterColumnOperation operation, StagingContext context, string name, AlterColumnOperation undo)
    {
        var backfillSql = context.PropertyAnnotation(operation.Table, operation.Schema, operation.Name, SafeAnnotationNames.BackfillSql);
        var valueSql = backfillSql is { Length: > 0 } ? backfillSql
            : backfillSql is { Length: 0 } ? BackfillSql.PlaceholderValue
            : operation.DefaultValueSql
            ?? context.SqlLiteral(operation.DefaultValue ?? ClrDefault(operation.ClrType), operation.ColumnType);
        var trigger = new AddFillTriggerOperation { Table = operation.Table, Schema = operation.Schema, Column = operation.Name, ValueSql = valueSql };
        var dropTrigger = new DropFillTriggerOperation { Table = operation.Table, Schema = operation.Schema, Column = operation.Name };

        context.Plan.Add(
            MigrationPhase.Expand,
            [trigger],
            [dropTrigger],
            $"adds a trigger writing {valueSql} where a write leaves {name} NULL, so the old version cannot add NULLs");
        context.Plan.Add(
            MigrationPhase.Backfill,
            [
                new BackfillOperation
                {
                    Table = operation.Table, Schema = operation.Schema, Column = operation.Name, ValueSql = valueSql,
                    KeyColumns = context.KeyColumns(operation.Table, operation.Schema),
                },
            ],
            [],
            $"fills NULLs in {name} with {valueSql}, in batches");
        context.Plan.Add(
            MigrationPhase.Contract,
            [new SetNotNullOperation { Table = operation.Table, Schema = operation.Schema, Column = operation.Name }, Ops.AfterSetNotNull(operation), dropTrigger],
            [trigger, undo],
            $"makes {name} NOT NULL {context.Facts.Words.NotNull} and drops the trigger");
    }

    /// <summary>
    /// EF Core's undo of a column change carries a made-up CLR default when it makes the column
    /// required again; the undo must restore the default the column really had, or a rollback and a
    /// new Expand leave a default behind that neither model has.
    /// </summary>
    private static AlterColumnOperation TrueDefaults(AlterColumnOperation undo, AlterColumnOperation operation)
    {
        undo.DefaultValue = operation.OldColumn.DefaultValue;
        undo.DefaultValueSql = operation.OldColumn.DefaultValueSql;
        undo.OldColumn.DefaultValue = operation.DefaultValue;
        undo.OldColumn.DefaultValueSql = operation.DefaultValueSql;
        return undo;
    }

    private static bool TypeChanges(AlterColumnOperation operation)
        => operation.ColumnType != null && operation.OldColumn.ColumnType != null
            && !string.Equals(operation.ColumnType, operation.OldColumn.ColumnType, StringComparison.OrdinalIgnoreCase);

    private static object ClrDefault(Type clrType)
        => clrType == typeof(string) ? string.Empty
            : clrType == typeof(byte[]) ? Array.Empty<byte>()
            : Activator.CreateInstance(Nullable.GetUnderlyingType(clrType) ?? clrType)!;

    private static string Describe(AlterColumnOperation operation)
    {
        var old = operation.OldColumn;
        var changes = new List<string>();
        if (TypeChanges(operation))
        {
            changes.Add($"type {old.ColumnType} to {operation.ColumnType}, metadata only");
        }

        if (old.IsNullable != operation.IsNullable)
        {
            changes.Add("now nullable");
        }

        if (old.DefaultValueSql != operation.DefaultValueSql || !Equals(old.DefaultValue, operation.DefaultValue))
        {
            changes.Add("default changed");
        }

        return changes.Count == 0 ? "metadata only" : string.Join(", ", changes);
    }
}
