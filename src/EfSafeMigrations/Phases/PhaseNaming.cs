namespace EfSafeMigrations;

/// <summary>
/// How phase migrations are named: <c>&lt;group&gt;_Expand</c>, <c>&lt;group&gt;_Backfill</c>,
/// <c>&lt;group&gt;_Contract</c>. Ordering always comes from the migration id's timestamp, never from
/// the suffix.
/// </summary>
public static class PhaseNaming
{
    /// <summary>The phases in the order they run.</summary>
    public static IReadOnlyList<MigrationPhase> All { get; } =
        [MigrationPhase.Expand, MigrationPhase.Backfill, MigrationPhase.Contract];

    /// <summary>The migration name of one phase of a group.</summary>
    public static string MigrationName(string groupName, MigrationPhase phase) => groupName + "_" + phase;

    /// <summary>Splits a migration name or id into its group and phase; null when it is not a phase migration.</summary>
    public static (string Group, MigrationPhase Phase)? Parse(string nameOrId)
    {
        foreach (var phase in All)
        {
            var suffix = "_" + phase;
            if (nameOrId.EndsWith(suffix, StringComparison.Ordinal) && nameOrId.Length > suffix.Length)
            {
                return (nameOrId[..^suffix.Length], phase);
            }
        }

        return null;
    }
}
