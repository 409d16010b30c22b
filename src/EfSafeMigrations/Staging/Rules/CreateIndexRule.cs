using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>
/// A new index: built in Expand. On a table that already exists the SQL generator builds it
/// concurrently, outside a transaction, rebuilding an invalid leftover of a failed build.
/// </summary>
public sealed class CreateIndexRule : StagingRule<CreateIndexOperation>
{
    /// <inheritdoc />
    protected override void Stage(CreateIndexOperation operation, StagingContext context)
        => context.Plan.Add(
            MigrationPhase.Expand,
            [operation],
            [new DropIndexOperation { Name = operation.Name, Table = operation.Table, Schema = operation.Schema }],
            context.CreatesTable(operation.Table, operation.Schema)
                ? $"creates {(operation.IsUnique ? "unique " : string.Empty)}index {operation.Name} on new table {Ops.Name(operation.Table, operation.Schema)}"
                : $"builds {(operation.IsUnique ? "unique " : string.Empty)}index {operation.Name} on {Ops.Name(operation.Table, operation.Schema)} without blocking writes");
}
