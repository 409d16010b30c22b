namespace EfSafeMigrations.Tests.Staging;

public sealed class Team
{
    public int Id { get; set; }

    public string Title { get; set; } = "";
}
