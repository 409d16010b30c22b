namespace EfSafeMigrations.Deployment;

/// <summary>
/// The flags the runner sets when a group's phase is applied (and clears when it is rolled back), for
/// example <c>AddEmail.backfilled</c>. An app reads them with Microsoft.FeatureManagement
/// (<c>IFeatureManager.IsEnabledAsync(PhaseFlags.Backfilled("AddEmail"))</c>) once it registers
/// <c>AddSafeMigrationsFlags&lt;TContext&gt;()</c>.
/// </summary>
public static class PhaseFlags
{
    /// <summary>The flag on once the group's Expand is applied: <c>{group}.expanded</c>.</summary>
    public static string Expanded(string group) => For(group, MigrationPhase.Expand);

    /// <summary>The flag on once the group's Backfill is applied: <c>{group}.backfilled</c>. The new version may rely on the group's data from then on.</summary>
    public static string Backfilled(string group) => For(group, MigrationPhase.Backfill);

    /// <summary>The flag on once the group's Contract is applied: <c>{group}.contracted</c>.</summary>
    public static string Contracted(string group) => For(group, MigrationPhase.Contract);

    /// <summary>The flag of one phase of a group.</summary>
    public static string For(string group, MigrationPhase phase) => group + "." + phase switch
    {
        MigrationPhase.Expand => "expanded",
        MigrationPhase.Backfill => "backfilled",
        _ => "contracted",
    };
}
