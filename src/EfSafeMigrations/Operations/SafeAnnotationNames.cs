namespace EfSafeMigrations.Operations;

/// <summary>Names of the annotations EfSafeMigrations puts on EF Core's own operations and model.</summary>
public static class SafeAnnotationNames
{
    /// <summary>The prefix of every annotation of ours.</summary>
    public const string Prefix = "EfSafeMigrations:";

    /// <summary>
    /// On an <c>AddForeignKey</c> or <c>CreateCheckConstraint</c> operation: add the constraint
    /// <c>NOT VALID</c>; a later <see cref="ValidateConstraintOperation"/> validates it.
    /// </summary>
    public const string NotValid = Prefix + "NotValid";

    /// <summary>On a property: the SQL expression its column is backfilled with (see <c>HasBackfillSql</c>).</summary>
    public const string BackfillSql = Prefix + "BackfillSql";

    /// <summary>On an operation, followed by a rule code: the reason that rule is suppressed for it.</summary>
    public const string Suppress = Prefix + "Suppress:";

    /// <summary>
    /// On a property, and on the AlterColumn staged for it: the reason the developer gives for allowing an unsafe change to
    /// its column (on MySQL the runner then copies the table, which it otherwise refuses).
    /// </summary>
    public const string SafetyAssured = Prefix + "SafetyAssured";

    /// <summary>
    /// On a property (see <c>HasValuesInUtc</c>) and on its <c>AlterColumn</c> from timestamp to timestamptz: the
    /// stored values are UTC, so the change runs with the session TimeZone UTC and PostgreSQL 12+ does not rewrite the table.
    /// </summary>
    public const string ValuesInUtc = Prefix + "ValuesInUtc";
}
