using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>
/// A dropped constraint: dropped in Expand, under the lock timeout, since nothing the old version
/// writes needs it. Its Down re-adds it as EF Core would.
/// </summary>
/// <typeparam name="TDrop">The drop operation.</typeparam>
/// <typeparam name="TAdd">The operation EF Core uses to re-add it.</typeparam>
/// <param name="label">The kind of constraint, for the developer.</param>
public abstract class DropConstraintRule<TDrop, TAdd>(string label) : StagingRule<TDrop>
    where TDrop : MigrationOperation, ITableMigrationOperation
    where TAdd : MigrationOperation, ITableMigrationOperation
{
    /// <summary>The constraint's name.</summary>
    protected abstract string NameOf(TDrop operation);

    /// <summary>The re-added constraint's name.</summary>
    protected abstract string NameOf(TAdd operation);

    /// <inheritdoc />
    protected override void Stage(TDrop operation, StagingContext context)
    {
        var readd = context.TryFindDown<TAdd>(
                a => NameOf(a) == NameOf(operation) && a.Table == operation.Table && a.Schema == operation.Schema, out var add)
            ? new MigrationOperation[] { add }
            : [];
        context.Plan.Add(MigrationPhase.Expand, [operation], readd, $"drops {label} {NameOf(operation)} on {Ops.Name(operation.Table, operation.Schema)}");
    }
}
