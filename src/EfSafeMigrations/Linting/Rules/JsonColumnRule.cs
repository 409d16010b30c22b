using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// ESM0016: a json column has no equality operator, so SELECT DISTINCT and GROUP BY over it break. PostgreSQL only:
/// MySQL's JSON values compare, and MariaDB's JSON is LONGTEXT.
/// </summary>
public sealed class JsonColumnRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0016";

    /// <inheritdoc />
    public override string Title => "json instead of jsonb";

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => settings.IsMySql ? [] : Each<AddColumnOperation>(target).Select(p => (p.Index, p.Operation.Table, p.Operation.Name, p.Operation.ColumnType))
            .Concat(Each<CreateTableOperation>(target).SelectMany(p => p.Operation.Columns.Select(c => (p.Index, c.Table, c.Name, c.ColumnType))))
            .Where(c => string.Equals(c.ColumnType, "json", StringComparison.OrdinalIgnoreCase))
            .Select(c => Report(target, c.Index, c.Table, c.Name,
                $"{c.Table}.{c.Name} is json, which has no equality operator: queries with DISTINCT, GROUP BY or UNION over it fail.",
                ".HasColumnType(\"jsonb\") on the property."));
}
