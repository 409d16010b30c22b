namespace EfSafeMigrations.Operations;

/// <summary>
/// Validates a constraint that was added <c>NOT VALID</c>: scans the table under a lock that lets
/// reads and writes go on.
/// </summary>
public sealed class ValidateConstraintOperation : SafeMigrationOperation
{
    /// <summary>The constraint's name.</summary>
    public required string Name { get; init; }

    /// <inheritdoc />
    public override string BuilderMethodName => "ValidateConstraint";

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, object?>> BuilderArguments() =>
        [Argument("name", Name), Argument("table", Table), SchemaArgument()];
}
