using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>ESM0015 (warning): a required column added to an existing table with EF Core's CLR default.</summary>
public sealed class ClrDefaultForRequiredColumnRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0015";

    /// <inheritdoc />
    public override string Title => "Required column filled with the CLR default";

    /// <inheritdoc />
    public override LintSeverity Severity => LintSeverity.Warning;

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => Each<AddColumnOperation>(target)
            .Where(p => !p.Operation.IsNullable && p.Operation.DefaultValueSql == null && p.Operation.DefaultValue is { } value
                && !CreatesTable(target, p.Operation.Table, p.Operation.Schema) && IsClrDefault(value))
            .Select(p => Report(target, p.Index, p.Operation.Table, p.Operation.Name,
                $"{Name(p.Operation.Table, p.Operation.Schema)}.{p.Operation.Name} is added NOT NULL with EF Core's default {Format(p.Operation.DefaultValue!)}: every existing row, and every row the old version inserts, gets that value.",
                $"If that is meant, give it explicitly in the model (.HasDefaultValue({Format(p.Operation.DefaultValue!)})); if the value should be computed, use .HasBackfillSql(\"<SQL expression>\") and scaffold again."));

    private static bool IsClrDefault(object value)
        => value is string { Length: 0 } || value is byte[] { Length: 0 }
            || (value.GetType().IsValueType && value.Equals(Activator.CreateInstance(value.GetType())));

    private static string Format(object value) => value is string s ? "\"" + s + "\"" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "?";
}
