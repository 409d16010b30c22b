using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>ESM0012: dropping a table the old version still reads.</summary>
public sealed class DropTableOutsideContractRule : OutsideContractRule<DropTableOperation>
{
    /// <inheritdoc />
    public override string Code => "ESM0012";

    /// <inheritdoc />
    public override string Title => "Table dropped while the old version runs";

    /// <inheritdoc />
    protected override string Describe(DropTableOperation operation) => $"DropTable {Name(operation.Name, operation.Schema)}";

    /// <inheritdoc />
    protected override (string Table, string? Schema, string? Column) Target(DropTableOperation operation) => (operation.Name, operation.Schema, null);

    /// <inheritdoc />
    protected override string Recipe(DropTableOperation operation) => "Move it to the group's Contract migration, after no old instance is left.";
}
