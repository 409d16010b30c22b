using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>
/// Seed data: inserts in Expand, updates in Backfill, deletes in Contract. The Down is EF Core's own
/// inverse, matched by table in order.
/// </summary>
/// <typeparam name="TOperation">The seed operation.</typeparam>
/// <typeparam name="TInverse">The operation EF Core uses to undo it.</typeparam>
/// <param name="phase">The phase the seed operation runs in.</param>
/// <param name="verb">What it does, for the developer.</param>
public abstract class SeedDataRule<TOperation, TInverse>(MigrationPhase phase, string verb) : StagingRule<TOperation>
    where TOperation : MigrationOperation, ITableMigrationOperation
    where TInverse : MigrationOperation, ITableMigrationOperation
{
    /// <inheritdoc />
    protected override void Stage(TOperation operation, StagingContext context)
    {
        var index = context.Operations.OfType<TOperation>().Where(o => o.Table == operation.Table && o.Schema == operation.Schema)
            .TakeWhile(o => !ReferenceEquals(o, operation)).Count();
        var inverse = context.DownOperations.OfType<TInverse>().Where(o => o.Table == operation.Table && o.Schema == operation.Schema)
            .Skip(index).Take(1).ToArray();
        context.Plan.Add(phase, [operation], inverse, $"{verb} seed data of {Ops.Name(operation.Table, operation.Schema)}");
    }
}
