using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// A change that breaks the old app version, allowed only in a Contract migration (which runs once no
/// old instance is left).
/// </summary>
/// <typeparam name="TOperation">The operation.</typeparam>
public abstract class OutsideContractRule<TOperation> : LintRule
    where TOperation : MigrationOperation
{
    /// <summary>What the operation does, for the message.</summary>
    protected abstract string Describe(TOperation operation);

    /// <summary>The table of the operation.</summary>
    protected abstract (string Table, string? Schema, string? Column) Target(TOperation operation);

    /// <summary>The staged way to make the change.</summary>
    protected abstract string Recipe(TOperation operation);

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => target.Phase == MigrationPhase.Contract
            ? []
            : Each<TOperation>(target).Select(p =>
            {
                var (table, schema, column) = Target(p.Operation);
                return Report(target, p.Index, table, column,
                    $"{Describe(p.Operation)} in {(target.Phase == null ? "a migration that is not staged" : "an " + target.Phase + " migration")}: the old app version, still running during the deploy, breaks at once.",
                    Recipe(p.Operation));
            });
}
