using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>
/// A new column. Nullable, or NOT NULL with a non-volatile default (EF Core's implicit CLR default
/// included): added in Expand. NOT NULL with a volatile default: added nullable, the default set for
/// new rows, existing rows backfilled, NOT NULL in Contract. Computed from other columns
/// (<c>HasBackfillSql</c>): added nullable with a trigger computing it, backfilled, NOT NULL in Contract.
/// </summary>
public sealed class AddColumnRule : StagingRule<AddColumnOperation>
{
    /// <inheritdoc />
    protected override void Stage(AddColumnOperation operation, StagingContext context)
    {
        var name = $"{Ops.Name(operation.Table, operation.Schema)}.{operation.Name}";
        var drop = Ops.DropColumn(operation.Table, operation.Schema, operation.Name);
        var backfillSql = context.PropertyAnnotation(operation.Table, operation.Schema, operation.Name, SafeAnnotationNames.BackfillSql);
        if (backfillSql != null)
        {
            StageComputed(operation, context, backfillSql.Length == 0 ? BackfillSql.PlaceholderValue : backfillSql, name, drop);
        }
        else if (!operation.IsNullable && operation.DefaultValueSql != null && context.Facts.IsVolatileDefault(operation.DefaultValueSql))
        {
            StageVolatileDefault(operation, context, name, drop);
        }
        else if (!operation.IsNullable && operation.DefaultValue == null && operation.DefaultValueSql == null && operation.ComputedColumnSql == null)
        {
            throw new UnsafeMigrationException(
                $"Column {name} is added NOT NULL without a default, so existing rows and the old version's inserts have no value for it. "
                + $"Give it a default (HasDefaultValue / HasDefaultValueSql) or compute it from other columns with .HasBackfillSql(\"<SQL expression>\"), then scaffold again.");
        }
        else
        {
            var why = operation.IsNullable
                ? "nullable, the old version ignores it"
                : $"NOT NULL with default {operation.DefaultValueSql ?? FormatValue(operation.DefaultValue)}: existing rows and the old version's inserts get that value";
            context.Plan.Add(MigrationPhase.Expand, [operation], [drop], $"adds column {name} ({why})");
        }
    }

    private static void StageVolatileDefault(AddColumnOperation operation, StagingContext context, string name, DropColumnOperation drop)
    {
        var add = Ops.AsNullableWithoutDefault(operation);
        var setDefault = Ops.AlterToDefinition(new AddColumnOperation { Table = add.Table, Schema = add.Schema, Name = add.Name, ClrType = add.ClrType, ColumnType = add.ColumnType, IsNullable = true, DefaultValueSql = operation.DefaultValueSql });
        context.Plan.Add(
            MigrationPhase.Expand,
            [add, setDefault],
            [drop],
            $"adds column {name} nullable and sets its volatile default {operation.DefaultValueSql} for new rows (a volatile default on ADD COLUMN rewrites the table)");
        AddBackfillAndNotNull(operation, context, name, operation.DefaultValueSql!, []);
    }

    private static void StageComputed(AddColumnOperation operation, StagingContext context, string valueSql, string name, DropColumnOperation drop)
    {
        var trigger = new AddFillTriggerOperation
        {
            Table = operation.Table, Schema = operation.Schema, Column = operation.Name, ValueSql = valueSql, RecomputeOnUpdate = true,
        };
        var dropTrigger = new DropFillTriggerOperation { Table = operation.Table, Schema = operation.Schema, Column = operation.Name };
        context.Plan.Add(
            MigrationPhase.Expand,
            [Ops.AsNullableWithoutDefault(operation), trigger],
            [dropTrigger, drop],
            $"adds column {name} nullable with a trigger computing it from other columns, so the old version's writes keep it right");
        AddBackfillAndNotNull(operation, context, name, valueSql, [dropTrigger]);
    }

    private static void AddBackfillAndNotNull(
        AddColumnOperation operation, StagingContext context, string name, string valueSql, IReadOnlyList<MigrationOperation> cleanUp)
    {
        context.Plan.Add(
            MigrationPhase.Backfill,
            [
                new BackfillOperation
                {
                    Table = operation.Table,
                    Schema = operation.Schema,
                    Column = operation.Name,
                    ValueSql = valueSql,
                    KeyColumns = context.KeyColumns(operation.Table, operation.Schema),
                },
            ],
            [],
            $"fills {name} in existing rows with {valueSql}, in batches");

        if (operation.IsNullable && operation.DefaultValueSql == null && cleanUp.Count == 0)
        {
            return;
        }

        var up = new List<MigrationOperation>();
        var down = new List<MigrationOperation>();
        if (!operation.IsNullable)
        {
            up.Add(new SetNotNullOperation { Table = operation.Table, Schema = operation.Schema, Column = operation.Name });
        }

        // End with exactly the column EF Core's own AddColumn gives (its default included), so the
        // staged schema equals the plain one; the volatile default was already set in Expand.
        up.Add(Ops.AfterSetNotNull(Ops.AlterToDefinition(operation)));
        down.Add(Ops.AlterToDefinition(operation, reverse: true));
        up.AddRange(cleanUp);
        down.InsertRange(0, cleanUp.OfType<DropFillTriggerOperation>().Select(d => new AddFillTriggerOperation
        {
            Table = d.Table, Schema = d.Schema, Column = d.Column, ValueSql = valueSql, RecomputeOnUpdate = true,
        }));
        context.Plan.Add(
            MigrationPhase.Contract,
            up,
            down,
            operation.IsNullable
                ? $"drops the trigger computing {name}"
                : $"makes {name} NOT NULL {context.Facts.Words.NotNull}{(cleanUp.Count > 0 ? " and drops its trigger" : string.Empty)}");
    }

    private static string FormatValue(object? value) => value switch
    {
        null => "NULL",
        string s => "'" + s + "'",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "?",
    };
}
