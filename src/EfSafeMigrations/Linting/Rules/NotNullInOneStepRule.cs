using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// ESM0006: making a column NOT NULL in one step scans the table under an exclusive lock, and breaks old writes of NULL.
/// On MySQL and MariaDB the MODIFY runs in place while writes go on, but the old version's NULL writes break all the same,
/// and a NULL already there fails the ALTER (or, without a strict sql_mode, is replaced by the type's implicit default).
/// </summary>
public sealed class NotNullInOneStepRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0006";

    /// <inheritdoc />
    public override string Title => "NOT NULL set in one step";

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => Each<AlterColumnOperation>(target)
            .Where(p => p.Operation.OldColumn.IsNullable && !p.Operation.IsNullable)
            .Where(p => !target.Operations.Take(p.Index).OfType<SetNotNullOperation>()
                .Any(n => n.Table == p.Operation.Table && n.Schema == p.Operation.Schema && n.Column == p.Operation.Name))
            .Select(p => settings.IsMySql
                ? Report(target, p.Index, p.Operation.Table, p.Operation.Name,
                    $"AlterColumn makes {Name(p.Operation.Table, p.Operation.Schema)}.{p.Operation.Name} NOT NULL in one step: MySQL and MariaDB rebuild the table in place while writes go on, but a NULL already there fails the ALTER (or, without a strict sql_mode, silently becomes the type's implicit default, such as '' or 0), and the old version's NULL writes start failing.",
                    $"Let dotnet ef migrations add stage it (a fill trigger, a batched backfill, then NOT NULL in Contract), or put migrationBuilder.SetNotNull(\"{p.Operation.Table}\", \"{p.Operation.Name}\"); before this AlterColumn in a Contract migration after a backfill: on MySQL the AlterColumn, which restates the column's whole definition, sets NOT NULL in place.")
                : Report(target, p.Index, p.Operation.Table, p.Operation.Name,
                    $"AlterColumn makes {Name(p.Operation.Table, p.Operation.Schema)}.{p.Operation.Name} NOT NULL in one step: SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock, and the old version's NULL writes start failing.",
                    $"Let dotnet ef migrations add stage it (a fill trigger, a batched backfill, then NOT NULL the safe way), or put migrationBuilder.SetNotNull(\"{p.Operation.Table}\", \"{p.Operation.Name}\"); before this AlterColumn in a Contract migration after a backfill."));
}
