using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging;

/// <summary>
/// How one kind of EF Core operation is staged: what it adds to Expand, Backfill and Contract. One
/// rule per operation kind, each in its own file under <c>Staging/Rules</c>.
/// </summary>
/// <typeparam name="TOperation">The operation kind.</typeparam>
public abstract class StagingRule<TOperation> : IStagingRule
    where TOperation : MigrationOperation
{
    /// <inheritdoc />
    public Type OperationType => typeof(TOperation);

    /// <inheritdoc />
    public virtual void Claim(MigrationOperation operation, StagingContext context) => Claim((TOperation)operation, context);

    /// <inheritdoc />
    public void Stage(MigrationOperation operation, StagingContext context) => Stage((TOperation)operation, context);

    /// <summary>
    /// Runs before any rule stages: marks the other operations this one takes over (for example the
    /// index renames that come with a column rename), so they get no rule of their own.
    /// </summary>
    protected virtual void Claim(TOperation operation, StagingContext context)
    {
    }

    /// <summary>Adds the operation's steps to <see cref="StagingContext.Plan"/>.</summary>
    protected abstract void Stage(TOperation operation, StagingContext context);
}
