namespace EfSafeMigrations.Tests.Dialects.MySql.Pomelo;

/// <summary>The entity of the generated history: a key, every other column a shadow property.</summary>
public sealed class HistoryItem
{
    public int Id { get; set; }
}
