using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// ESM0021 (warning, MySQL and MariaDB): raw SQL that changes data in a migration that also changes the schema. Every DDL
/// statement commits at once there (an implicit commit), so the migration is not one transaction: when a later statement
/// fails, what ran before it stays, and running the migration again runs the data change again.
/// </summary>
public sealed class NonAtomicDataChangeRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0021";

    /// <inheritdoc />
    public override string Title => "Data changed in a migration whose DDL commits at once";

    /// <inheritdoc />
    public override LintSeverity Severity => LintSeverity.Warning;

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
    {
        if (!settings.IsMySql)
        {
            return [];
        }

        var sql = Each<SqlOperation>(target).Select(p => (p.Index, Sql: MySqlRawSql.Executed(p.Operation.Sql))).ToList();
        var changesSchema = target.Operations.Any(o => o is not (SqlOperation or InsertDataOperation or UpdateDataOperation or DeleteDataOperation))
            || sql.Any(p => MySqlRawSql.SchemaChange().IsMatch(p.Sql));
        return changesSchema
            ? sql.Where(p => MySqlRawSql.DataChange().IsMatch(p.Sql))
                .Select(p => (p.Index, Statement: Statement(p.Sql, MySqlRawSql.DataChange().Match(p.Sql))))
                .Select(p => Report(target, p.Index, null, null,
                    $"Raw SQL \"{(p.Statement.Length <= 60 ? p.Statement : p.Statement[..60] + "...")}\" changes data in a migration that also changes the schema: MySQL and MariaDB commit each DDL statement at once, "
                    + "so the migration is not one transaction: when a later statement fails, what ran before it stays, and running the migration again runs this SQL again.",
                    "Write it so that running it twice changes nothing (UPDATE ... WHERE the value is still the old one, INSERT ... ON DUPLICATE KEY UPDATE), or move it to a migration of its own; a column fill belongs in migrationBuilder.Backfill(...).",
                    p.Statement[..Math.Min(40, p.Statement.Length)]))
            : [];
    }

    /// <summary>The data-changing statement's first line, without its semicolon.</summary>
    private static string Statement(string sql, System.Text.RegularExpressions.Match match)
        => sql[match.Index..].Split('\n')[0].Split(';')[0].Trim();
}
