using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>A dropped check constraint: dropped in Expand under the lock timeout.</summary>
public sealed class DropCheckConstraintRule() : DropConstraintRule<DropCheckConstraintOperation, AddCheckConstraintOperation>("check constraint")
{
    /// <inheritdoc />
    protected override string NameOf(DropCheckConstraintOperation operation) => operation.Name;

    /// <inheritdoc />
    protected override string NameOf(AddCheckConstraintOperation operation) => operation.Name;
}
