namespace EfSafeMigrations.Operations;

/// <summary>
/// While a column is renamed, keeps <see cref="OldColumn"/> and <see cref="NewColumn"/> equal in both
/// directions, so the old app version (writing the old column) and the new one (writing the new
/// column) see each other's writes.
/// </summary>
public sealed class AddRenameSyncTriggerOperation : SafeMigrationOperation
{
    /// <summary>The column's current name, used by the old app version.</summary>
    public required string OldColumn { get; init; }

    /// <summary>The column's new name, used by the new app version.</summary>
    public required string NewColumn { get; init; }

    /// <inheritdoc />
    public override string BuilderMethodName => "AddRenameSyncTrigger";

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, object?>> BuilderArguments() =>
        [Argument("table", Table), Argument("oldColumn", OldColumn), Argument("newColumn", NewColumn), SchemaArgument()];
}
