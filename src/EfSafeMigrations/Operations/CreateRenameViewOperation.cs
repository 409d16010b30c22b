namespace EfSafeMigrations.Operations;

/// <summary>
/// While a table is renamed, an updatable view with the table's new name over the table under its
/// old name, so the new app version reads and writes through the new name before the rename.
/// </summary>
public sealed class CreateRenameViewOperation : SafeMigrationOperation
{
    /// <summary>The table's new name: the view's name.</summary>
    public required string NewName { get; init; }

    /// <inheritdoc />
    public override string BuilderMethodName => "CreateRenameView";

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, object?>> BuilderArguments() =>
        [Argument("table", Table), Argument("newName", NewName), SchemaArgument()];
}
