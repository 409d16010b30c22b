namespace EfSafeMigrations.Tests.Running.Fixtures;

/// <summary>The sample shop's customer as the OLD app version knows it (before CustomerDetails).</summary>
public sealed class OldShopCustomer
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }
}
