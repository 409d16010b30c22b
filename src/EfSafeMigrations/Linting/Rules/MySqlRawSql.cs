using System.Text.RegularExpressions;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// What <see cref="UnsafeRawSqlRule"/> looks for in raw SQL on MySQL and MariaDB. There an index is built and dropped in
/// place while writes go on, so plain CREATE and DROP INDEX are fine; what blocks writes is an ALTER the server runs by
/// copying the table (ALGORITHM=COPY, which it also picks by itself when an ALTER names no algorithm and can be done no
/// other way), a LOCK clause that blocks, a CHECK constraint, a foreign key added with foreign_key_checks on, and a
/// FULLTEXT or SPATIAL index.
/// </summary>
internal static partial class MySqlRawSql
{
    /// <summary>The patterns, each with the problem and the fix.</summary>
    public static (Regex Pattern, string Problem, string Fix)[] Patterns { get; } =
    [
        (AlgorithmCopy(), "ALGORITHM=COPY copies the table, blocking writes for the whole copy",
            "Use ALGORITHM=INSTANT, or ALGORITHM=INPLACE, LOCK=NONE; a change the server can make only by copying needs the recipe: a new column or table, backfilled, then switched to."),
        (BlockingLock(), "LOCK=SHARED blocks writes (LOCK=EXCLUSIVE reads and writes) for the whole ALTER", "Write LOCK=NONE, or leave LOCK out with ALGORITHM=INSTANT."),
        (NoAlgorithm(), "ALTER TABLE without ALGORITHM=INSTANT or ALGORITHM=INPLACE lets the server copy the table without a word when it can make the change no other way, blocking writes for the whole copy",
            "Add ALGORITHM=INSTANT (or ALGORITHM=INPLACE, LOCK=NONE) to the statement: the server then refuses a change it could only make by copying, instead of making it."),
        (CheckedForeignKey(), "ADD FOREIGN KEY with foreign_key_checks on copies the table to check its rows, blocking writes for the whole copy",
            "Use migrationBuilder.AddForeignKey(...) with options.UseSafeMigrations() (in place with foreign_key_checks off for that one statement, then the rows already there counted by query), "
            + "or, when every row is known to match, SET SESSION foreign_key_checks = 0; before the ALTER (with ALGORITHM=INPLACE, LOCK=NONE) and SET SESSION foreign_key_checks = 1; after it."),
        (AddCheck(), "ADD CHECK copies the table to check its rows, blocking writes for the whole copy (MySQL and MariaDB add a CHECK constraint to an existing table no other way)",
            "Check the rule in the app instead, or add the constraint in a maintenance window."),
        (TextIndex(), "a FULLTEXT or SPATIAL index is built with writes blocked (the server cannot build it with LOCK=NONE)", "Build it in a quiet window, or search another way."),
        (UnboundedUpdate(), "UPDATE or DELETE without WHERE changes every row in one statement, holding all their row locks until it commits", "Use migrationBuilder.Backfill(...), which runs in keyset batches."),
        (LockTables(), "LOCK TABLES blocks the app until UNLOCK TABLES or the end of the session", "Remove it; the runner's lock timeout and retries keep DDL short."),
    ];

    /// <summary>
    /// The SQL that runs when the migration does: the body of a trigger, procedure, function or event it creates runs
    /// later, so it is left out (up to the last END of a BEGIN ... END body, else to the end of the statement).
    /// </summary>
    public static string Executed(string sql) => RoutineBody().Replace(sql, "${head}");

    /// <summary>A statement that changes data, and is not written to skip rows a first run already inserted.</summary>
    [GeneratedRegex(@"\b(?:UPDATE\s+\S+\s+SET|DELETE\s+FROM|REPLACE\s+INTO|INSERT\s+(?!IGNORE\b)(?:INTO\s+)?\S+(?![^;]*\bON\s+DUPLICATE\s+KEY\b))", RegexOptions.IgnoreCase)]
    public static partial Regex DataChange();

    /// <summary>A statement that changes the schema.</summary>
    [GeneratedRegex(@"^\s*(?:CREATE|ALTER|DROP|RENAME|TRUNCATE)\b", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    public static partial Regex SchemaChange();

    [GeneratedRegex(@"\bALGORITHM\s*=?\s*COPY\b", RegexOptions.IgnoreCase)]
    private static partial Regex AlgorithmCopy();

    [GeneratedRegex(@"\bLOCK\s*=?\s*(?:SHARED|EXCLUSIVE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BlockingLock();

    /// <summary>An ALTER TABLE naming no algorithm nor LOCK=NONE (MariaDB's ALTER ONLINE TABLE is LOCK=NONE); foreign keys, checks and text indexes have patterns of their own.</summary>
    [GeneratedRegex(@"\bALTER\s+(?:IGNORE\s+)?TABLE\b(?![^;]*\b(?:ALGORITHM|LOCK\s*=?\s*NONE|FOREIGN\s+KEY|CHECK|FULLTEXT|SPATIAL)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex NoAlgorithm();

    /// <summary>ADD FOREIGN KEY, unless foreign_key_checks was turned off before it or the statement asks for an algorithm (the server then refuses to copy).</summary>
    [GeneratedRegex(@"(?<!\bforeign_key_checks\s*=\s*(?:0|OFF)\b[\s\S]*)\bADD\s+(?:CONSTRAINT\s+\S+\s+)?FOREIGN\s+KEY\b(?![^;]*\bALGORITHM\s*=?\s*(?:INPLACE|INSTANT)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex CheckedForeignKey();

    [GeneratedRegex(@"\bADD\s+(?:CONSTRAINT\s+\S+\s+)?CHECK\b(?![^;]*\bNOT\s+ENFORCED\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AddCheck();

    [GeneratedRegex(@"\b(?:CREATE\s+(?:FULLTEXT|SPATIAL)\s+INDEX|ADD\s+(?:FULLTEXT|SPATIAL))\b", RegexOptions.IgnoreCase)]
    private static partial Regex TextIndex();

    [GeneratedRegex(@"\b(UPDATE\s+\S+\s+SET|DELETE\s+FROM\s+\S+)\b(?![^;]*\bWHERE\b)[^;]*(;|$)", RegexOptions.IgnoreCase)]
    private static partial Regex UnboundedUpdate();

    [GeneratedRegex(@"\bLOCK\s+TABLES?\b", RegexOptions.IgnoreCase)]
    private static partial Regex LockTables();

    [GeneratedRegex(@"(?<head>\bCREATE\s+(?:DEFINER\s*=\s*\S+\s+)?(?:TRIGGER|PROCEDURE|FUNCTION|EVENT)\b)(?:[^;]*?\bBEGIN\b.*\bEND\b|[^;]*)", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.ExplicitCapture)]
    private static partial Regex RoutineBody();
}
