using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>
/// A dropped column. Expand makes it nullable when it is NOT NULL without a default, so the new
/// version can insert without it; Contract drops it once no old instance reads it.
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
            context.Plan.Add(
                MigrationPhase.Expand,
                [Ops.AlterNullability(readd, nullable: true, oldNullable: false)],
                [new SetNotNullOperation { Table = operation.Table, Schema = operation.Schema, Column = operation.Name }],
                $"makes {name} nullable, so the new version can insert rows without it");
        }

        context.Plan.Add(MigrationPhase.Contract, [operation], [readd], $"drops column {name} once no old instance reads it");
    }
}
