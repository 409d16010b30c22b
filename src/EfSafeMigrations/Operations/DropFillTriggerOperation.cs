namespace EfSafeMigrations.Operations;

/// <summary>Drops the trigger (and its function) made by <see cref="AddFillTriggerOperation"/>.</summary>
public sealed class DropFillTriggerOperation : SafeMigrationOperation
{
    /// <summary>The column the trigger filled.</summary>
    public required string Column { get; init; }

    /// <inheritdoc />
    public override string BuilderMethodName => "DropFillTrigger";

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, object?>> BuilderArguments() =>
        [Argument("table", Table), Argument("column", Column), SchemaArgument()];
}
