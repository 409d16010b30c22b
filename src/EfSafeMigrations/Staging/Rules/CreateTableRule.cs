using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>A new table: created in Expand (nothing reads it yet), with its indexes and foreign keys.</summary>
public sealed class CreateTableRule : StagingRule<CreateTableOperation>
{
    /// <inheritdoc />
    protected override void Stage(CreateTableOperation operation, StagingContext context)
        => context.Plan.Add(
            MigrationPhase.Expand,
            [operation],
            [new DropTableOperation { Name = operation.Name, Schema = operation.Schema }],
            $"creates table {Ops.Name(operation.Name, operation.Schema)}; the old version does not use it");
}
