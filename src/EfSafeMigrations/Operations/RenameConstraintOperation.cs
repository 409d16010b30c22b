namespace EfSafeMigrations.Operations;

/// <summary>
/// Renames a constraint in place (metadata only), for example a primary key after its table was
/// renamed, where EF Core would drop and rebuild it.
/// </summary>
public sealed class RenameConstraintOperation : SafeMigrationOperation
{
    /// <summary>The constraint's current name.</summary>
    public required string Name { get; init; }

    /// <summary>The constraint's new name.</summary>
    public required string NewName { get; init; }

    /// <inheritdoc />
    public override string BuilderMethodName => "RenameConstraint";

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, object?>> BuilderArguments() =>
        [Argument("name", Name), Argument("newName", NewName), Argument("table", Table), SchemaArgument()];
}
