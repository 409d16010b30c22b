using EfSafeMigrations.Dialects;
using EfSafeMigrations.Staging;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Design;

/// <summary>
/// EF Core's model differ, seen through one phase: the first call stages EF Core's operations for the
/// whole change; each call then answers with the current phase's Up (source to target) or Down
/// (target back to source) operations.
/// </summary>
/// <param name="inner">EF Core's differ.</param>
/// <param name="stager">The stager.</param>
/// <param name="facts">The database's staging facts.</param>
/// <param name="sqlLiteral">Renders a CLR value as a SQL literal for a store type.</param>
internal sealed class StagingModelDiffer(
    IMigrationsModelDiffer inner, Stager stager, IStagingFacts facts, Func<object, string?, string> sqlLiteral) : IMigrationsModelDiffer
{
    private IRelationalModel? _target;

    /// <summary>The phase the next calls answer for.</summary>
    public MigrationPhase Phase { get; set; }

    /// <summary>The staged change, once the first call has made it.</summary>
    public StagingPlan? Plan { get; private set; }

    public bool HasDifferences(IRelationalModel? source, IRelationalModel? target) => inner.HasDifferences(source, target);

    public IReadOnlyList<MigrationOperation> GetDifferences(IRelationalModel? source, IRelationalModel? target)
    {
        if (Plan == null)
        {
            var up = inner.GetDifferences(source, target);
            var down = up.Count > 0 ? inner.GetDifferences(target, source) : [];
            Plan = stager.Stage(up, down, source, target!, facts, sqlLiteral);
            _target = target;
        }

        // EF Core asks for the Up (last model to current) first, then the Down (current to last).
        return ReferenceEquals(target, _target) ? Plan.Up(Phase) : Plan.Down(Phase);
    }
}
