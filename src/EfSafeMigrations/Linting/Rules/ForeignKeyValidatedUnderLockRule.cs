using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>ESM0003: ADD FOREIGN KEY scans the table while blocking writes on both tables.</summary>
public sealed class ForeignKeyValidatedUnderLockRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0003";

    /// <inheritdoc />
    public override string Title => "Foreign key validated while writes are blocked";

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => settings.OnlineDdl
            ? []
            : Each<AddForeignKeyOperation>(target)
                .Where(p => !CreatesTable(target, p.Operation.Table, p.Operation.Schema) && !IsNotValid(p.Operation))
                .Select(p => Report(target, p.Index, p.Operation.Table, null,
                    $"AddForeignKey {p.Operation.Name} checks every row of {p.Operation.Table} while blocking writes to {p.Operation.Table} and {p.Operation.PrincipalTable}.",
                    $"Use options.UseSafeMigrations() (it adds the key NOT VALID, then validates it), or stage it: migrationBuilder.AddForeignKey(...).Annotation(\"EfSafeMigrations:NotValid\", true); then in a later migration migrationBuilder.ValidateConstraint(\"{p.Operation.Name}\", \"{p.Operation.Table}\");",
                    p.Operation.Name));
}
