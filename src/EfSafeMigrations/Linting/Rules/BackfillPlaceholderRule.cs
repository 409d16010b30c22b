using EfSafeMigrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>ESM0014: a backfill (or fill trigger) whose expression is still the placeholder.</summary>
public sealed class BackfillPlaceholderRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0014";

    /// <inheritdoc />
    public override string Title => "Backfill expression never written";

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => Each<BackfillOperation>(target).Select(p => (p.Index, p.Operation.Table, p.Operation.Column, p.Operation.ValueSql))
            .Concat(Each<AddFillTriggerOperation>(target).Select(p => (p.Index, p.Operation.Table, p.Operation.Column, p.Operation.ValueSql)))
            .Where(p => p.ValueSql.Contains(BackfillSql.PlaceholderMarker, StringComparison.Ordinal))
            .Select(p => Report(target, p.Index, p.Table, p.Column,
                $"The value of {p.Table}.{p.Column} is still the backfill placeholder.",
                settings.IsMySql
                    ? $"Write the SQL expression that computes {p.Column} from the row's other columns in its place, for example valueSql: \"upper(`Name`)\"."
                    : $"Write the SQL expression that computes {p.Column} from the row's other columns in its place, for example valueSql: \"upper(\\\"Name\\\")\".",
                "Placeholder"));
}
