using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>A dropped table: dropped in Contract, once no old instance reads it.</summary>
public sealed class DropTableRule : StagingRule<DropTableOperation>
{
    /// <inheritdoc />
    protected override void Stage(DropTableOperation operation, StagingContext context)
    {
        var recreate = context.DownOperations
            .Where(o => o is CreateTableOperation c && c.Name == operation.Name && c.Schema == operation.Schema
                || o is CreateIndexOperation i && i.Table == operation.Name && i.Schema == operation.Schema)
            .ToList();
        context.Plan.Add(
            MigrationPhase.Contract,
            [operation],
            recreate,
            $"drops table {Ops.Name(operation.Name, operation.Schema)} once no old instance is left");
    }
}
