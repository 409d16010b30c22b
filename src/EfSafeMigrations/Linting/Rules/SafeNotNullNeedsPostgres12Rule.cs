using EfSafeMigrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>ESM0018 (warning): before PostgreSQL 12, SET NOT NULL cannot use a validated check, so it still scans under lock. PostgreSQL only.</summary>
public sealed class SafeNotNullNeedsPostgres12Rule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0018";

    /// <inheritdoc />
    public override string Title => "Safe NOT NULL needs PostgreSQL 12";

    /// <inheritdoc />
    public override LintSeverity Severity => LintSeverity.Warning;

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => settings.IsMySql || settings.ServerVersion is not < 12
            ? []
            : Each<SetNotNullOperation>(target).Select(p => Report(target, p.Index, p.Operation.Table, p.Operation.Column,
                $"On PostgreSQL {settings.ServerVersion}, SET NOT NULL on {p.Operation.Table}.{p.Operation.Column} still scans the table under an ACCESS EXCLUSIVE lock: the validated-check shortcut arrived in PostgreSQL 12.",
                "Keep the validated CHECK (column IS NOT NULL) constraint instead of SET NOT NULL until the server is upgraded, or run the Contract in a quiet window."));
}
