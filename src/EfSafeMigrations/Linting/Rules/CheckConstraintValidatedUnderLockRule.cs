using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>ESM0004: ADD CHECK scans the table under an exclusive lock.</summary>
public sealed class CheckConstraintValidatedUnderLockRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0004";

    /// <inheritdoc />
    public override string Title => "Check constraint validated under an exclusive lock";

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => settings.OnlineDdl
            ? []
            : Each<AddCheckConstraintOperation>(target)
                .Where(p => !CreatesTable(target, p.Operation.Table, p.Operation.Schema) && !IsNotValid(p.Operation))
                .Select(p => Report(target, p.Index, p.Operation.Table, null,
                    $"AddCheckConstraint {p.Operation.Name} checks every row of {p.Operation.Table} under an ACCESS EXCLUSIVE lock.",
                    $"Use options.UseSafeMigrations(), or add it .Annotation(\"EfSafeMigrations:NotValid\", true) and then migrationBuilder.ValidateConstraint(\"{p.Operation.Name}\", \"{p.Operation.Table}\");",
                    p.Operation.Name));
}
