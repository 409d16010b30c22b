namespace Shop.Previous;

public sealed class Customer
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }
}
