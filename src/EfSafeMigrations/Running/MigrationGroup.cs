namespace EfSafeMigrations.Running;

/// <summary>The phase migrations of one staged change, in id order.</summary>
/// <param name="Name">The group's name, for example <c>20261121074356_CustomerDetails</c>'s <c>CustomerDetails</c>.</param>
/// <param name="Migrations">Its phase migrations.</param>
public sealed record MigrationGroup(string Name, IReadOnlyList<PhaseMigration> Migrations)
{
    /// <summary>The group's migration of one phase, if it has one.</summary>
    public PhaseMigration? Of(MigrationPhase phase) => Migrations.FirstOrDefault(m => m.Phase == phase);
}
