using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// ESM0019 (warning): raw SQL whose text is not written in the migration's source file, so it was read when the
/// migration ran (a script file, an embedded resource, another class). The linter checks the text it read, but a
/// reviewer of the migration does not see it, the deployed text is whatever the file holds then, and a finding in it
/// cannot point at its line. Needs the migration's source (<see cref="LintTarget.Source"/>); silent without it.
/// </summary>
public sealed class SqlOutsideSourceRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0019";

    /// <inheritdoc />
    public override string Title => "Raw SQL read from outside the migration";

    /// <inheritdoc />
    public override LintSeverity Severity => LintSeverity.Warning;

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => target.Source is not { } source
            ? []
            : Each<SqlOperation>(target)
                .Where(p => !SourceText.Holds(source, p.Operation.Sql))
                .Select(p => Report(target, p.Index, null, null,
                    $"Raw SQL starting \"{FirstLine(p.Operation.Sql)}\" is not written in the migration's source file: it is read when the migration runs (a script file, a resource or another class). "
                    + "The lint checked the text it read now; the deploy runs whatever the file holds then, reviewers of the migration do not see it, and findings in it point at Up.",
                    "Write the SQL in migrationBuilder.Sql(...) in the migration, or review the script against docs/lint-rules.md and say so: [SuppressSafeMigrationRule(\"ESM0019\", \"script reviewed\")].",
                    ".Sql("));

    private static string FirstLine(string sql)
    {
        var line = sql.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? string.Empty;
        return line.Length <= 60 ? line : line[..60] + "...";
    }
}
