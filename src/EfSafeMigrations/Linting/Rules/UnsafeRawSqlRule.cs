using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>ESM0013: raw SQL holding DDL or DML that blocks the app, by the dialect's own patterns (<see cref="MySqlRawSql"/> on MySQL and MariaDB).</summary>
public sealed partial class UnsafeRawSqlRule : LintRule
{
    private const string BatchedFix =
        "If it fills a column where it is NULL, use migrationBuilder.Backfill(table, column, valueSql, keyColumns) in a Backfill migration: keyset batches, each committed on its own. "
        + "Any other bulk change: run it in batches of the primary key, each in its own transaction, or outside the migration; if the rows are few, suppress with the reason.";

    private static readonly (Regex Pattern, string Problem, string Fix)[] Patterns =
    [
        (BlockingIndex(), "CREATE INDEX without CONCURRENTLY blocks writes for the whole build", "Write CREATE INDEX CONCURRENTLY IF NOT EXISTS, with suppressTransaction: true."),
        (BlockingDropIndex(), "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock", "Write DROP INDEX CONCURRENTLY IF EXISTS, with suppressTransaction: true."),
        (SetNotNull(), "SET NOT NULL scans the table under an ACCESS EXCLUSIVE lock", "Use migrationBuilder.SetNotNull(table, column) (a NOT VALID constraint, VALIDATE, NOT NULL)."),
        (TypeChange(), "ALTER COLUMN ... TYPE may rewrite the table under an ACCESS EXCLUSIVE lock", "Add a new column, backfill it, switch, then drop the old one."),
        (ValidatedConstraint(), "ADD CONSTRAINT ... FOREIGN KEY/CHECK without NOT VALID checks every row under lock", "Add it NOT VALID, then migrationBuilder.ValidateConstraint(name, table) in a later migration."),
        (UnboundedUpdate(), "UPDATE or DELETE without WHERE rewrites every row in one transaction, holding their locks", "Use migrationBuilder.Backfill(...), which runs in keyset batches."),
        (LockTable(), "LOCK TABLE blocks the app for as long as the transaction lasts", "Remove it; the runner's lock timeout and retries keep DDL short."),
    ];

    /// <inheritdoc />
    public override string Code => "ESM0013";

    /// <inheritdoc />
    public override string Title => "Raw SQL that blocks the app";

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => Each<SqlOperation>(target)
            .Select(p => (p.Index, Sql: settings.IsMySql ? MySqlRawSql.Executed(p.Operation.Sql) : Executed(p.Operation.Sql)))
            .SelectMany(p => (settings.IsMySql ? MySqlRawSql.Patterns : Patterns)
                .Where(pattern => pattern.Pattern.IsMatch(p.Sql))
                .Select(pattern => Report(target, p.Index, null, null, $"Raw SQL: {pattern.Problem}.", pattern.Fix, Snippet(p.Sql, pattern.Pattern.Match(p.Sql))))
                .Concat(BulkChanges(target, p.Sql, p.Index, settings.IsMySql).Take(1)));

    /// <summary>
    /// The SQL that runs when the migration does: the body of a function or procedure it creates runs later (a
    /// trigger's UPDATE ... WHERE id = NEW.id is not a bulk change), so it is left out; a DO block runs at once and stays.
    /// </summary>
    private static string Executed(string sql) => RoutineBody().Replace(sql, "${head}");

    /// <summary>
    /// Bulk UPDATE or DELETE ... WHERE. On MySQL and MariaDB the migration is not one transaction (each DDL statement
    /// commits it), so the finding speaks of the statement's own; identifiers there are quoted with backquotes.
    /// </summary>
    private IEnumerable<LintDiagnostic> BulkChanges(LintTarget target, string sql, int index, bool mySql)
        => BoundedUpdate().Matches(sql)
            .Where(m => !KeyOnly().IsMatch(mySql ? m.Groups["where"].Value.Replace('`', '"') : m.Groups["where"].Value))
            .Select(m => Report(target, index, null, null,
                mySql
                    ? $"Raw SQL: {m.Groups["verb"].Value.ToUpperInvariant()} ... WHERE changes every matching row in one statement and holds their row locks until its transaction commits: the app's writes to those rows wait, for as long as the whole statement takes."
                    : $"Raw SQL: {m.Groups["verb"].Value.ToUpperInvariant()} ... WHERE changes every matching row in the migration's one transaction and holds their row locks until it commits: the app's writes to those rows wait, for as long as the whole statement takes.",
                BatchedFix,
                Snippet(sql, m)));

    private static string Snippet(string sql, Match match)
        => sql.Substring(match.Index, Math.Min(40, sql.Length - match.Index)).Split('\n')[0].Trim();

    [GeneratedRegex(@"\bCREATE\s+(UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY)", RegexOptions.IgnoreCase)]
    private static partial Regex BlockingIndex();

    [GeneratedRegex(@"\bDROP\s+INDEX\s+(?!CONCURRENTLY)", RegexOptions.IgnoreCase)]
    private static partial Regex BlockingDropIndex();

    [GeneratedRegex(@"\bSET\s+NOT\s+NULL\b", RegexOptions.IgnoreCase)]
    private static partial Regex SetNotNull();

    [GeneratedRegex(@"\bALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE\b", RegexOptions.IgnoreCase)]
    private static partial Regex TypeChange();

    [GeneratedRegex(@"\bADD\s+CONSTRAINT\s+\S+\s+(FOREIGN\s+KEY|CHECK)\b(?![^;]*\bNOT\s+VALID\b)", RegexOptions.IgnoreCase)]
    private static partial Regex ValidatedConstraint();

    [GeneratedRegex(@"\b(UPDATE\s+\S+\s+SET|DELETE\s+FROM\s+\S+)\b(?![^;]*\bWHERE\b)[^;]*(;|$)", RegexOptions.IgnoreCase)]
    private static partial Regex UnboundedUpdate();

    /// <summary>An UPDATE or DELETE with a WHERE clause (up to the statement's end or a RETURNING).</summary>
    [GeneratedRegex(@"\b(?<verb>UPDATE)\s+\S+\s+SET\b[^;]*?\bWHERE\b(?<where>[^;]*?)(?=\bRETURNING\b|;|$)|\b(?<verb>DELETE)\s+FROM\s+\S+[^;]*?\bWHERE\b(?<where>[^;]*?)(?=\bRETURNING\b|;|$)", RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex BoundedUpdate();

    /// <summary>
    /// A WHERE that names rows by key values only (<c>"Id" = 42</c>, <c>"CustomerId" IN (1, 2)</c>, joined by AND): a
    /// targeted fix-up of known rows, not a bulk change.
    /// </summary>
    [GeneratedRegex(@"^\s*(?:(?:""?\w+""?\.)?""?\w*id""?\s*(?:=\s*(?:-?\d+|'[^']*')|IN\s*\(\s*(?:-?\d+|'[^']*')(?:\s*,\s*(?:-?\d+|'[^']*'))*\s*\))\s*(?:AND\s+|$))+$", RegexOptions.IgnoreCase)]
    private static partial Regex KeyOnly();

    [GeneratedRegex(@"(?<head>\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\b[^$]*?\bAS\s*)(?<tag>\$\w*\$).*?\k<tag>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.ExplicitCapture)]
    private static partial Regex RoutineBody();

    [GeneratedRegex(@"\bLOCK\s+TABLE\b", RegexOptions.IgnoreCase)]
    private static partial Regex LockTable();
}
