using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>A dropped foreign key: dropped in Expand under the lock timeout.</summary>
public sealed class DropForeignKeyRule() : DropConstraintRule<DropForeignKeyOperation, AddForeignKeyOperation>("foreign key")
{
    /// <inheritdoc />
    protected override string NameOf(DropForeignKeyOperation operation) => operation.Name;

    /// <inheritdoc />
    protected override string NameOf(AddForeignKeyOperation operation) => operation.Name;
}
