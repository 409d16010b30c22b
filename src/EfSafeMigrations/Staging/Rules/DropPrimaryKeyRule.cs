using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>A dropped primary key: dropped in Expand under the lock timeout.</summary>
public sealed class DropPrimaryKeyRule() : DropConstraintRule<DropPrimaryKeyOperation, AddPrimaryKeyOperation>("primary key")
{
    /// <inheritdoc />
    protected override string NameOf(DropPrimaryKeyOperation operation) => operation.Name;

    /// <inheritdoc />
    protected override string NameOf(AddPrimaryKeyOperation operation) => operation.Name;
}
