namespace EfSafeMigrations;

/// <summary>
/// Marks an EF Core migration as one phase of a staged group, for example
/// <c>[MigrationPhase(MigrationPhase.Expand)]</c> on <c>20261121070322_AddEmail_Expand</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MigrationPhaseAttribute(MigrationPhase phase) : Attribute
{
    /// <summary>The phase of the migration.</summary>
    public MigrationPhase Phase { get; } = phase;
}
