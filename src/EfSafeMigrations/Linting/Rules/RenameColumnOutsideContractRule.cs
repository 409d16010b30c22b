using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>ESM0009: renaming a column breaks the old version unless staged.</summary>
public sealed class RenameColumnOutsideContractRule : OutsideContractRule<RenameColumnOperation>
{
    /// <inheritdoc />
    public override string Code => "ESM0009";

    /// <inheritdoc />
    public override string Title => "Column renamed while the old version runs";

    /// <inheritdoc />
    protected override string Describe(RenameColumnOperation operation) => $"RenameColumn {Name(operation.Table, operation.Schema)}.{operation.Name} to {operation.NewName}";

    /// <inheritdoc />
    protected override (string Table, string? Schema, string? Column) Target(RenameColumnOperation operation) => (operation.Table, operation.Schema, operation.Name);

    /// <inheritdoc />
    protected override string Recipe(RenameColumnOperation operation)
        => $"Let dotnet ef migrations add stage the rename (new column with sync triggers in Expand, copy in Backfill, old column dropped in Contract), or: migrationBuilder.AddRenameSyncTrigger(\"{operation.Table}\", \"{operation.Name}\", \"{operation.NewName}\") after adding the new column.";
}
