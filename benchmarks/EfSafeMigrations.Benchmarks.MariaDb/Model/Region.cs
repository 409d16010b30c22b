namespace EfSafeMigrations.Benchmarks.MariaDb.Model;

/// <summary>A row of the small table the new foreign key points to.</summary>
public sealed class Region
{
    public int Id { get; set; }

    public required string Name { get; set; }
}
