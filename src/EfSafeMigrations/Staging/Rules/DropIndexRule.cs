using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>A dropped index: dropped in Contract (concurrently), since the old version's queries may rely on it.</summary>
public sealed class DropIndexRule : StagingRule<DropIndexOperation>
{
    /// <inheritdoc />
    protected override void Stage(DropIndexOperation operation, StagingContext context)
    {
        var recreate = context.TryFindDown<CreateIndexOperation>(c => c.Name == operation.Name && c.Schema == operation.Schema, out var create)
            ? new MigrationOperation[] { create }
            : [];
        context.Plan.Add(MigrationPhase.Contract, [operation], recreate, $"drops index {operation.Name} without blocking writes");
    }
}
