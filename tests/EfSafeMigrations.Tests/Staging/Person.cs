namespace EfSafeMigrations.Tests.Staging;

public sealed class Person
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string? Email { get; set; }

    public string? Nickname { get; set; }

    public string FirstName { get; set; } = "";

    public string LastName { get; set; } = "";

    public string FullName { get; set; } = "";

    public Guid PublicId { get; set; }

    public int Score { get; set; }

    public int? TeamId { get; set; }

    public DateTime SeenAt { get; set; }
}
