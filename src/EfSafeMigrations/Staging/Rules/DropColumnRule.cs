using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>
/// A dropped column. When it is NOT NULL without a default, Expand gives it EF Core's CLR default, so
/// the new version can insert without it and the old version, whose model still requires it, reads
/// those rows. A column under a unique index cannot share one default, so it is made nullable instead.
/// Contract drops the column once no old instance reads it.
/// </summary>
public sealed class DropColumnRule : StagingRule<DropColumnOperation>
{
    /// <inheritdoc />
    protected override void Stage(DropColumnOperation operation, StagingContext context)
    {
        var name = $"{Ops.Name(operation.Table, operation.Schema)}.{operation.Name}";
        var readd = context.RequireDown<AddColumnOperation>(
            a => a.Table == operation.Table && a.Schema == operation.Schema && a.Name == operation.Name, $"dropping {name}");
        // EF Core's re-add carries a made-up CLR default; what counts is whether the live column has one.
        var live = context.SourceColumn(operation.Table, operation.Schema, operation.Name);
        if (live is { IsNullable: false, DefaultValue: null, DefaultValueSql: null, ComputedColumnSql: null })
        {
            var unique = live.Table.Indexes.Any(i => i.IsUnique && i.Columns.Contains(live))
                || live.Table.UniqueConstraints.Any(u => u.Columns.Contains(live));
            if (readd.DefaultValue != null && !unique)
            {
                context.Plan.Add(
                    MigrationPhase.Expand,
                    [Ops.AlterDefault(readd, readd.DefaultValue)],
                    [Ops.AlterDefault(readd, null)],
                    $"gives {name} the default {readd.DefaultValue switch { string s => "'" + s + "'", var v => v }}, so the new version can insert rows without it and the old version still reads them");
                context.Plan.Add(MigrationPhase.Contract, [operation], [readd], $"drops column {name} once no old instance reads it");
                return;
            }

            context.Plan.Add(
                MigrationPhase.Expand,
                [Ops.AlterNullability(readd, nullable: true, oldNullable: false)],
                [new SetNotNullOperation { Table = operation.Table, Schema = operation.Schema, Column = operation.Name }],
                $"makes {name} nullable, so the new version can insert rows without it (the old version cannot read the NULL those rows hold: roll the new version out after the old one stops reading them)");
        }

        context.Plan.Add(MigrationPhase.Contract, [operation], [readd], $"drops column {name} once no old instance reads it");
    }
}
