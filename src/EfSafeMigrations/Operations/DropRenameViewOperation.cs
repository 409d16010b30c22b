namespace EfSafeMigrations.Operations;

/// <summary>Drops the view made by <see cref="CreateRenameViewOperation"/>.</summary>
public sealed class DropRenameViewOperation : SafeMigrationOperation
{
    /// <summary>The view's name: the table's new name.</summary>
    public required string NewName { get; init; }

    /// <inheritdoc />
    public override string BuilderMethodName => "DropRenameView";

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, object?>> BuilderArguments() =>
        [Argument("table", Table), Argument("newName", NewName), SchemaArgument()];
}
