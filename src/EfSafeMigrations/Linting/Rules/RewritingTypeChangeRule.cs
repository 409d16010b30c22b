using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>ESM0007: a column type change that rewrites the table under an exclusive lock.</summary>
public sealed class RewritingTypeChangeRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0007";

    /// <inheritdoc />
    public override string Title => "Type change rewrites the table";

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => Each<AlterColumnOperation>(target)
            .Where(p => p.Operation.ColumnType is { } type && p.Operation.OldColumn.ColumnType is { } old
                && !string.Equals(type, old, StringComparison.OrdinalIgnoreCase)
                && !settings.Dialect.IsMetadataOnlyTypeChange(old, type))
            .Select(p => Report(target, p.Index, p.Operation.Table, p.Operation.Name,
                $"Changing {Name(p.Operation.Table, p.Operation.Schema)}.{p.Operation.Name} from {p.Operation.OldColumn.ColumnType} to {p.Operation.ColumnType} rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, and the old version cannot read the new type.",
                "Add a new property and column of the new type, fill it (.HasBackfillSql(...)), switch reads, then drop the old column in a later change. If the table is small, suppress: [SuppressSafeMigrationRule(\"ESM0007\", \"why\")]."));
}
