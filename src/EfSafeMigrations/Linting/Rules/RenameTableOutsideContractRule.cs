using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>ESM0011: renaming a table breaks the old version unless staged.</summary>
public sealed class RenameTableOutsideContractRule : OutsideContractRule<RenameTableOperation>
{
    /// <inheritdoc />
    public override string Code => "ESM0011";

    /// <inheritdoc />
    public override string Title => "Table renamed while the old version runs";

    /// <inheritdoc />
    protected override string Describe(RenameTableOperation operation) => $"RenameTable {Name(operation.Name, operation.Schema)} to {operation.NewName}";

    /// <inheritdoc />
    protected override (string Table, string? Schema, string? Column) Target(RenameTableOperation operation) => (operation.Name, operation.Schema, null);

    /// <inheritdoc />
    protected override string Recipe(RenameTableOperation operation)
        => $"Stage it: migrationBuilder.CreateRenameView(\"{operation.Name}\", \"{operation.NewName}\") in Expand, and the rename in Contract after migrationBuilder.DropRenameView(...) (dotnet ef migrations add does this).";
}
