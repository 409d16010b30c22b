namespace EfSafeMigrations.Operations;

/// <summary>
/// A trigger that writes <see cref="ValueSql"/> into <see cref="Column"/> whenever a write leaves it
/// NULL, so the old app version, which does not know the column, cannot write rows the new version
/// would read wrongly.
/// </summary>
public sealed class AddFillTriggerOperation : SafeMigrationOperation
{
    /// <summary>The column the trigger fills.</summary>
    public required string Column { get; init; }

    /// <summary>The SQL expression over the row's columns that computes the value.</summary>
    public required string ValueSql { get; init; }

    /// <summary>
    /// When true the value is also recomputed on an update that leaves the column unchanged (an old
    /// version write to the columns it is computed from); when false only NULLs are filled.
    /// </summary>
    public bool RecomputeOnUpdate { get; init; }

    /// <inheritdoc />
    public override string BuilderMethodName => "AddFillTrigger";

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, object?>> BuilderArguments() =>
    [
        Argument("table", Table),
        Argument("column", Column),
        Argument("valueSql", ValueSql),
        SchemaArgument(),
        Argument("recomputeOnUpdate", RecomputeOnUpdate ? true : null),
    ];
}
