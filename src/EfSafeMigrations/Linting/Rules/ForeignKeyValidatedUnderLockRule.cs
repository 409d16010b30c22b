using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// ESM0003: ADD FOREIGN KEY scans the table while blocking writes on both tables. On MySQL and MariaDB, which have no
/// NOT VALID, the server copies the table to check its rows unless <c>foreign_key_checks</c> is off for the statement.
/// </summary>
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
            : settings.IsMySql
            ? Each<AddForeignKeyOperation>(target)
                .Where(p => !CreatesTable(target, p.Operation.Table, p.Operation.Schema))
                .Select(p => Report(target, p.Index, p.Operation.Table, null,
                    $"AddForeignKey {p.Operation.Name} copies {p.Operation.Table} to check its rows (ALGORITHM=COPY, as foreign_key_checks is on): writes to {p.Operation.Table} wait for the whole copy. MySQL and MariaDB have no NOT VALID.",
                    "Use options.UseSafeMigrations(): it adds the key in place with foreign_key_checks off for that one statement (the server checks every write from then on) and counts the rows already there that break it. "
                        + "By hand, only when every row is known to match: SET SESSION foreign_key_checks = 0; then the ALTER TABLE ... ADD CONSTRAINT ... with ALGORITHM=INPLACE, LOCK=NONE; then SET SESSION foreign_key_checks = 1; on the same connection.",
                    p.Operation.Name))
            : Each<AddForeignKeyOperation>(target)
                .Where(p => !CreatesTable(target, p.Operation.Table, p.Operation.Schema) && !IsNotValid(p.Operation))
                .Select(p => Report(target, p.Index, p.Operation.Table, null,
                    $"AddForeignKey {p.Operation.Name} checks every row of {p.Operation.Table} while blocking writes to {p.Operation.Table} and {p.Operation.PrincipalTable}.",
                    $"Use options.UseSafeMigrations() (it adds the key NOT VALID, then validates it), or stage it: migrationBuilder.AddForeignKey(...).Annotation(\"EfSafeMigrations:NotValid\", true); then in a later migration migrationBuilder.ValidateConstraint(\"{p.Operation.Name}\", \"{p.Operation.Table}\");",
                    p.Operation.Name));
}
