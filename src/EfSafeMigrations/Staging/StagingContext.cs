using System.Diagnostics.CodeAnalysis;
using EfSafeMigrations.Dialects;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging;

/// <summary>
/// Everything a staging rule may look at besides its operation: both models, EF Core's own Down
/// operations for the change, the database's facts, and the plan being built.
/// </summary>
public sealed class StagingContext
{
    private readonly HashSet<MigrationOperation> _consumed = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates a context.</summary>
    /// <param name="operations">EF Core's Up operations for the change.</param>
    /// <param name="downOperations">EF Core's Down operations for the change.</param>
    /// <param name="source">The model before the change, or null for the first migration.</param>
    /// <param name="target">The model after the change.</param>
    /// <param name="facts">The database's facts.</param>
    /// <param name="sqlLiteral">Renders a CLR value as a SQL literal for a store type (null: the value's default mapping).</param>
    public StagingContext(
        IReadOnlyList<MigrationOperation> operations,
        IReadOnlyList<MigrationOperation> downOperations,
        IRelationalModel? source,
        IRelationalModel target,
        IStagingFacts facts,
        Func<object, string?, string> sqlLiteral)
    {
        Operations = operations;
        DownOperations = downOperations;
        Source = source;
        Target = target;
        Facts = facts;
        SqlLiteral = sqlLiteral;
    }

    /// <summary>EF Core's Up operations for the change.</summary>
    public IReadOnlyList<MigrationOperation> Operations { get; }

    /// <summary>EF Core's Down operations for the change.</summary>
    public IReadOnlyList<MigrationOperation> DownOperations { get; }

    /// <summary>The model before the change.</summary>
    public IRelationalModel? Source { get; }

    /// <summary>The model after the change.</summary>
    public IRelationalModel Target { get; }

    /// <summary>The database's facts.</summary>
    public IStagingFacts Facts { get; }

    /// <summary>Renders a CLR value as a SQL literal.</summary>
    public Func<object, string?, string> SqlLiteral { get; }

    /// <summary>The plan being built.</summary>
    public StagingPlan Plan { get; } = new();

    /// <summary>Marks an operation as handled by another operation's rule, so it gets no rule of its own.</summary>
    public void Consume(MigrationOperation operation) => _consumed.Add(operation);

    /// <summary>Whether another rule already handled the operation.</summary>
    public bool IsConsumed(MigrationOperation operation) => _consumed.Contains(operation);

    /// <summary>Whether the change creates the table (then nothing reads it yet and plain DDL on it is safe).</summary>
    public bool CreatesTable(string table, string? schema)
        => Operations.OfType<CreateTableOperation>().Any(o => o.Name == table && o.Schema == schema);

    /// <summary>The column in the model after the change.</summary>
    public IColumn? TargetColumn(string table, string? schema, string column)
        => Target.FindTable(table, schema)?.FindColumn(column);

    /// <summary>The column in the model before the change.</summary>
    public IColumn? SourceColumn(string table, string? schema, string column)
        => Source?.FindTable(table, schema)?.FindColumn(column);

    /// <summary>The primary key columns of a table after the change (empty when it has none).</summary>
    public IReadOnlyList<string> KeyColumns(string table, string? schema)
        => Target.FindTable(table, schema)?.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? [];

    /// <summary>The name of the foreign key on a table before the change with these columns and principal table.</summary>
    public string? SourceForeignKey(string table, string? schema, IReadOnlyList<string> columns, string principalTable)
        => Source?.FindTable(table, schema)?.ForeignKeyConstraints
            .FirstOrDefault(f => f.Columns.Select(c => c.Name).SequenceEqual(columns) && f.PrincipalTable.Name == principalTable)?.Name;

    /// <summary>The value of a model annotation on the properties mapped to a column after the change.</summary>
    public string? PropertyAnnotation(string table, string? schema, string column, string annotation)
        => TargetColumn(table, schema, column)?.PropertyMappings
            .Select(m => m.Property.FindAnnotation(annotation)?.Value as string)
            .FirstOrDefault(v => v != null);

    /// <summary>Finds EF Core's Down operation that matches <paramref name="predicate"/>.</summary>
    public bool TryFindDown<T>(Func<T, bool> predicate, [NotNullWhen(true)] out T? operation)
        where T : MigrationOperation
    {
        operation = DownOperations.OfType<T>().FirstOrDefault(predicate);
        return operation != null;
    }

    /// <summary>EF Core's Down operation that matches, or an error naming what was looked for.</summary>
    public T RequireDown<T>(Func<T, bool> predicate, string what)
        where T : MigrationOperation
        => TryFindDown(predicate, out var operation)
            ? operation
            : throw new InvalidOperationException($"EF Core produced no {typeof(T).Name} to undo {what}.");
}
