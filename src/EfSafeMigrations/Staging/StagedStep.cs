using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging;

/// <summary>
/// One piece of a staged change: the operations it adds to one phase, the operations that undo them,
/// and the reason, printed when the migration is scaffolded.
/// </summary>
/// <param name="Phase">The phase the operations run in.</param>
/// <param name="Up">The operations, in order.</param>
/// <param name="Down">The operations that undo <paramref name="Up"/>, in the order they run.</param>
/// <param name="Reason">What the step does and why, for the developer.</param>
public sealed record StagedStep(
    MigrationPhase Phase,
    IReadOnlyList<MigrationOperation> Up,
    IReadOnlyList<MigrationOperation> Down,
    string Reason);
