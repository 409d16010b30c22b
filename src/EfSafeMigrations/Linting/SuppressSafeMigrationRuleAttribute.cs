namespace EfSafeMigrations;

/// <summary>
/// Suppresses a lint rule for a whole migration, with the reason, for example
/// <c>[SuppressSafeMigrationRule("ESM0010", "the column was never read by the app")]</c>. For a single
/// operation use <c>.SuppressSafeMigrationRule("ESM0010", "why")</c> on it.
/// </summary>
/// <param name="code">The rule's code.</param>
/// <param name="justification">Why it is safe here; required.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SuppressSafeMigrationRuleAttribute(string code, string justification) : Attribute
{
    /// <summary>The rule's code.</summary>
    public string Code { get; } = code;

    /// <summary>Why it is safe here.</summary>
    public string Justification { get; } = justification;
}
