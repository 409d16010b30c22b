namespace EfSafeMigrations.Operations;

/// <summary>
/// Makes <see cref="Column"/> NOT NULL without holding an exclusive lock during a table scan: on
/// PostgreSQL a <c>CHECK (c IS NOT NULL) NOT VALID</c>, <c>VALIDATE</c>, <c>SET NOT NULL</c> (which
/// trusts the valid check), then the check is dropped.
/// </summary>
public sealed class SetNotNullOperation : SafeMigrationOperation
{
    /// <summary>The column.</summary>
    public required string Column { get; init; }

    /// <inheritdoc />
    public override string BuilderMethodName => "SetNotNull";

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, object?>> BuilderArguments() =>
        [Argument("table", Table), Argument("column", Column), SchemaArgument()];
}
