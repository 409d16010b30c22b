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

    /// <summary>On a property: the reason the developer gives for allowing an unsafe change to its column.</summary>
    public const string SafetyAssured = Prefix + "SafetyAssured";
}
