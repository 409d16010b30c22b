using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>A dropped primary key: dropped in Expand under the lock timeout; refused with the recipe where the database rebuilds the table for it (MySQL).</summary>
public sealed class DropPrimaryKeyRule() : DropConstraintRule<DropPrimaryKeyOperation, AddPrimaryKeyOperation>("primary key")
{
    /// <inheritdoc />
    protected override void Stage(DropPrimaryKeyOperation operation, StagingContext context)
    {
        if (context.Facts.PrimaryKeyChangeRefusal(Ops.Name(operation.Table, operation.Schema)) is { } refusal)
        {
            throw new UnsafeMigrationException(refusal);
        }

        base.Stage(operation, context);
    }

    /// <inheritdoc />
    protected override string NameOf(DropPrimaryKeyOperation operation) => operation.Name;

    /// <inheritdoc />
    protected override string NameOf(AddPrimaryKeyOperation operation) => operation.Name;
}
