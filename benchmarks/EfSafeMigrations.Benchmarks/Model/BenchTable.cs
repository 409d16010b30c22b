namespace EfSafeMigrations.Benchmarks.Model;

/// <summary>
/// The benchmark's tables and its one model change: <c>Accounts</c> gets a required <c>Label</c> computed
/// from <c>Name</c>, an index on <c>RegionId</c> and a foreign key to <c>Regions</c>.
/// </summary>
public static class BenchTable
{
    /// <summary>The big table.</summary>
    public const string Accounts = "Accounts";

    /// <summary>The small table the new foreign key points at.</summary>
    public const string Regions = "Regions";

    /// <summary>The new required column.</summary>
    public const string Label = "Label";

    /// <summary>The new column's value, computed from another column (the backfill expression).</summary>
    public const string LabelSql = "upper(\"Name\")";

    /// <summary>The new index.</summary>
    public const string RegionIndex = "IX_Accounts_RegionId";

    /// <summary>The new foreign key.</summary>
    public const string RegionForeignKey = "FK_Accounts_Regions_RegionId";

    /// <summary>The migration id of the schema every copy starts from.</summary>
    public const string BaseMigrationId = "20260101000000_Base";

    /// <summary>The single UPDATE the baseline copy measures.</summary>
    public const string SingleUpdateSql = $"UPDATE \"{Accounts}\" SET \"{Label}\" = {LabelSql};";
}
