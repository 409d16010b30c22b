namespace EfSafeMigrations.Operations;

/// <summary>Drops the trigger (and its function) made by <see cref="AddRenameSyncTriggerOperation"/>.</summary>
public sealed class DropRenameSyncTriggerOperation : SafeMigrationOperation
{
    /// <summary>The column's old name.</summary>
    public required string OldColumn { get; init; }

    /// <summary>The column's new name.</summary>
    public required string NewColumn { get; init; }

    /// <inheritdoc />
    public override string BuilderMethodName => "DropRenameSyncTrigger";

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, object?>> BuilderArguments() =>
        [Argument("table", Table), Argument("oldColumn", OldColumn), Argument("newColumn", NewColumn), SchemaArgument()];
}
