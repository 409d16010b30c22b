namespace EfSafeMigrations.Operations;

/// <summary>
/// Fills <see cref="Column"/> with <see cref="ValueSql"/> in every row where it is NULL, in batches
/// walked along the primary key (<see cref="KeyColumns"/>). Data only, idempotent, resumable.
/// </summary>
public sealed class BackfillOperation : SafeMigrationOperation
{
    /// <summary>The column to fill.</summary>
    public required string Column { get; init; }

    /// <summary>
    /// A SQL expression over the row's other columns, for example <c>"FirstName" || ' ' || "LastName"</c>.
    /// </summary>
    public required string ValueSql { get; init; }

    /// <summary>The primary key columns the batches walk along.</summary>
    public required IReadOnlyList<string> KeyColumns { get; init; }

    /// <summary>Rows per batch; null uses the configured default.</summary>
    public int? BatchSize { get; init; }

    /// <inheritdoc />
    public override string BuilderMethodName => "Backfill";

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, object?>> BuilderArguments() =>
    [
        Argument("table", Table),
        Argument("column", Column),
        Argument("valueSql", ValueSql),
        Argument("keyColumns", KeyColumns.ToArray()),
        SchemaArgument(),
        Argument("batchSize", BatchSize),
    ];
}
