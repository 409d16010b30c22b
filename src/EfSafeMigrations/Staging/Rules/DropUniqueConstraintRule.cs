using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>A dropped unique constraint: dropped in Expand under the lock timeout.</summary>
public sealed class DropUniqueConstraintRule() : DropConstraintRule<DropUniqueConstraintOperation, AddUniqueConstraintOperation>("unique constraint")
{
    /// <inheritdoc />
    protected override string NameOf(DropUniqueConstraintOperation operation) => operation.Name;

    /// <inheritdoc />
    protected override string NameOf(AddUniqueConstraintOperation operation) => operation.Name;
}
