namespace EfSafeMigrations.Benchmarks.MariaDb.Model;

/// <summary>A row of the benchmark's table, as the new version of the app sees it.</summary>
public sealed class Account
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public decimal Balance { get; set; }

    public int RegionId { get; set; }

    public Region? Region { get; set; }

    public string? Note { get; set; }

    /// <summary>The new required column, computed from <see cref="Name"/> (upper case).</summary>
    public required string Label { get; set; }
}
