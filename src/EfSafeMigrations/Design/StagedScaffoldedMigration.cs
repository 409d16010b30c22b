using Microsoft.EntityFrameworkCore.Migrations.Design;

namespace EfSafeMigrations.Design;

/// <summary>
/// The phase migrations of one group, passed from <see cref="StagedMigrationsScaffolder.ScaffoldMigration(string, string?, string?, string?, bool)"/>
/// to <see cref="StagedMigrationsScaffolder.Save"/>. To EF Core it looks like its first phase.
/// </summary>
public sealed class StagedScaffoldedMigration : ScaffoldedMigration
{
    /// <summary>Creates the group from its phase migrations, in phase order.</summary>
    public StagedScaffoldedMigration(IReadOnlyList<(MigrationPhase Phase, ScaffoldedMigration Migration)> phases)
        : base(
            phases[0].Migration.FileExtension,
            phases[0].Migration.PreviousMigrationId,
            phases[0].Migration.MigrationCode,
            phases[0].Migration.MigrationId,
            phases[0].Migration.MetadataCode,
            phases[0].Migration.MigrationSubNamespace,
            phases[0].Migration.SnapshotCode,
            phases[0].Migration.SnapshotName,
            phases[0].Migration.SnapshotSubnamespace)
        => Phases = phases;

    /// <summary>The phase migrations, in phase order.</summary>
    public IReadOnlyList<(MigrationPhase Phase, ScaffoldedMigration Migration)> Phases { get; }
}
