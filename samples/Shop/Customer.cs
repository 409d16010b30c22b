namespace Shop;

public sealed class Customer
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public string? Email { get; set; }

    public required string Tier { get; set; }

    public List<Order> Orders { get; } = [];
}
