namespace EfSafeMigrations;

/// <summary>
/// The deploy phase a staged migration belongs to. Phases of one group run in this order; the new
/// app version rolls out between <see cref="Backfill"/> and <see cref="Contract"/>.
/// </summary>
public enum MigrationPhase
{
    /// <summary>Additive changes the old app version keeps working with.</summary>
    Expand = 1,

    /// <summary>Data-only changes, in batches, that can be re-run.</summary>
    Backfill = 2,

    /// <summary>Removes what only the old app version needed; runs once no old instance is left.</summary>
    Contract = 3,
}
