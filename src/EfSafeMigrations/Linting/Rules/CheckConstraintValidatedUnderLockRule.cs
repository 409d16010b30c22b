using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// ESM0004: ADD CHECK scans the table under an exclusive lock. On MySQL and MariaDB a CHECK constraint is added to an
/// existing table only by copying it, with or without online DDL (the runner refuses it), and NOT VALID does not exist.
/// </summary>
public sealed class CheckConstraintValidatedUnderLockRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0004";

    /// <inheritdoc />
    public override string Title => "Check constraint validated under an exclusive lock";

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => settings.IsMySql
            ? Each<AddCheckConstraintOperation>(target)
                .Where(p => !CreatesTable(target, p.Operation.Table, p.Operation.Schema))
                .Select(p => Report(target, p.Index, p.Operation.Table, null,
                    $"AddCheckConstraint {p.Operation.Name} copies {p.Operation.Table} to check its rows (ALGORITHM=COPY): writes to {p.Operation.Table} wait for the whole copy. MySQL and MariaDB add a CHECK constraint to an existing table no other way, and have no NOT VALID.",
                    "Check the rule in the app instead, or add the constraint in a maintenance window with plain EF Core (with options.UseSafeMigrations() the deploy refuses it); if the table is small, suppress: [SuppressSafeMigrationRule(\"ESM0004\", \"why\")].",
                    p.Operation.Name))
            : settings.OnlineDdl
            ? []
            : Each<AddCheckConstraintOperation>(target)
                .Where(p => !CreatesTable(target, p.Operation.Table, p.Operation.Schema) && !IsNotValid(p.Operation))
                .Select(p => Report(target, p.Index, p.Operation.Table, null,
                    $"AddCheckConstraint {p.Operation.Name} checks every row of {p.Operation.Table} under an ACCESS EXCLUSIVE lock.",
                    $"Use options.UseSafeMigrations(), or add it .Annotation(\"EfSafeMigrations:NotValid\", true) and then migrationBuilder.ValidateConstraint(\"{p.Operation.Name}\", \"{p.Operation.Table}\");",
                    p.Operation.Name));
}
