using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>
/// A new unique constraint: added in Expand; the SQL generator builds its index concurrently first and
/// then attaches the constraint to it (<c>USING INDEX</c>).
/// </summary>
public sealed class AddUniqueConstraintRule : StagingRule<AddUniqueConstraintOperation>
{
    /// <inheritdoc />
    protected override void Stage(AddUniqueConstraintOperation operation, StagingContext context)
        => context.Plan.Add(
            MigrationPhase.Expand,
            [operation],
            [new DropUniqueConstraintOperation { Name = operation.Name, Table = operation.Table, Schema = operation.Schema }],
            $"adds unique constraint {operation.Name} over an index built without blocking writes");
}
