using EfSafeMigrations.Dialects;
using EfSafeMigrations.Staging.Rules;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging;

/// <summary>
/// Splits the operations of one model change into expand, backfill and contract steps, following the
/// staging catalogue. A pure function of the operations, the two models and the database's facts.
/// </summary>
public sealed class Stager
{
    private readonly Dictionary<Type, IStagingRule> _rules;
    private readonly IStagingRule _fallback = new PassThroughRule();

    /// <summary>Creates a stager with the built-in rules.</summary>
    public Stager()
        : this(DefaultRules())
    {
    }

    /// <summary>Creates a stager with the given rules (one per operation type).</summary>
    public Stager(IEnumerable<IStagingRule> rules)
        => _rules = rules.ToDictionary(r => r.OperationType);

    /// <summary>The built-in rules, one per EF Core operation kind the catalogue names.</summary>
    public static IReadOnlyList<IStagingRule> DefaultRules() =>
    [
        new CreateTableRule(), new DropTableRule(), new RenameTableRule(),
        new AddColumnRule(), new DropColumnRule(), new RenameColumnRule(), new AlterColumnRule(),
        new CreateIndexRule(), new DropIndexRule(), new RenameIndexRule(),
        new AddForeignKeyRule(), new AddCheckConstraintRule(),
        new AddUniqueConstraintRule(), new AddPrimaryKeyRule(),
        new DropForeignKeyRule(), new DropCheckConstraintRule(), new DropUniqueConstraintRule(), new DropPrimaryKeyRule(),
        new InsertDataRule(), new UpdateDataRule(), new DeleteDataRule(),
    ];

    /// <summary>Stages one model change.</summary>
    /// <param name="operations">EF Core's Up operations (source to target).</param>
    /// <param name="downOperations">EF Core's Down operations (target to source).</param>
    /// <param name="source">The model before the change, or null.</param>
    /// <param name="target">The model after the change.</param>
    /// <param name="facts">The database's facts.</param>
    /// <param name="sqlLiteral">Renders a CLR value as a SQL literal for a store type.</param>
    /// <exception cref="UnsafeMigrationException">A change cannot be made safe.</exception>
    public StagingPlan Stage(
        IReadOnlyList<MigrationOperation> operations,
        IReadOnlyList<MigrationOperation> downOperations,
        IRelationalModel? source,
        IRelationalModel target,
        IStagingFacts facts,
        Func<object, string?, string> sqlLiteral)
    {
        var context = new StagingContext(operations, downOperations, source, target, facts, sqlLiteral);
        foreach (var operation in operations)
        {
            RuleFor(operation).Claim(operation, context);
        }

        foreach (var operation in operations)
        {
            if (!context.IsConsumed(operation))
            {
                RuleFor(operation).Stage(operation, context);
            }
        }

        return context.Plan;
    }

    private IStagingRule RuleFor(MigrationOperation operation)
        => _rules.TryGetValue(operation.GetType(), out var rule) ? rule : _fallback;
}
