using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>ESM0010: dropping a column the old version still reads.</summary>
public sealed class DropColumnOutsideContractRule : OutsideContractRule<DropColumnOperation>
{
    /// <inheritdoc />
    public override string Code => "ESM0010";

    /// <inheritdoc />
    public override string Title => "Column dropped while the old version runs";

    /// <inheritdoc />
    protected override string Describe(DropColumnOperation operation) => $"DropColumn {Name(operation.Table, operation.Schema)}.{operation.Name}";

    /// <inheritdoc />
    protected override (string Table, string? Schema, string? Column) Target(DropColumnOperation operation) => (operation.Table, operation.Schema, operation.Name);

    /// <inheritdoc />
    protected override string Recipe(DropColumnOperation operation)
        => "Move it to the group's Contract migration (dotnet ef migrations add puts it there), after the new version, which no longer maps the column, has rolled out.";
}
