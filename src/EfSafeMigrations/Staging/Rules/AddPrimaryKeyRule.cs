using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>
/// A new primary key: added in Expand; the SQL generator builds its index concurrently first and then
/// attaches the key to it (<c>USING INDEX</c>). Refused with the recipe where the database rebuilds the table for it (MySQL).
/// </summary>
public sealed class AddPrimaryKeyRule : StagingRule<AddPrimaryKeyOperation>
{
    /// <inheritdoc />
    protected override void Stage(AddPrimaryKeyOperation operation, StagingContext context)
    {
        if (!context.CreatesTable(operation.Table, operation.Schema) && context.Facts.PrimaryKeyChangeRefusal(Ops.Name(operation.Table, operation.Schema)) is { } refusal)
        {
            throw new UnsafeMigrationException(refusal);
        }

        context.Plan.Add(
            MigrationPhase.Expand,
            [operation],
            [new DropPrimaryKeyOperation { Name = operation.Name, Table = operation.Table, Schema = operation.Schema }],
            $"adds primary key {operation.Name} over an index built without blocking writes");
    }
}
