namespace EfSafeMigrations.Tests.Design.EndToEnd;

/// <summary>The models a <see cref="ScratchProject"/> goes through, as the C# of its <c>Model.cs</c>.</summary>
internal static class ScratchModels
{
    /// <summary>V1: customers (Id, Name required, Email and Phone nullable) and orders (Id, CustomerId, Total), no foreign key.</summary>
    public static string V1 { get; } = Model(
        customerMembers: """
            public required string Name { get; set; }

            public string? Email { get; set; }

            public string? Phone { get; set; }
            """,
        orderMembers: """
            public int CustomerId { get; set; }

            public decimal Total { get; set; }
            """,
        onModelCreating: string.Empty);

    /// <summary>
    /// V2, the CustomerDetails change: a required column without a default (Tier), Email's column renamed to
    /// EmailAddress, a new index on Name, a new foreign key Orders.CustomerId to Customers, Phone dropped.
    /// </summary>
    public static string V2 { get; } = Model(
        customerMembers: """
            public required string Name { get; set; }

            public string? Email { get; set; }

            public required string Tier { get; set; }

            public List<Order> Orders { get; } = [];
            """,
        orderMembers: """
            public int CustomerId { get; set; }

            public Customer? Customer { get; set; }

            public decimal Total { get; set; }
            """,
        onModelCreating: """
            modelBuilder.Entity<Customer>(customer =>
            {
                customer.Property(c => c.Email).HasColumnName("EmailAddress");
                customer.HasIndex(c => c.Name);
            });
            """);

    /// <summary>V1 with Orders.Total changed from decimal (numeric) to int (integer): a type change that rewrites the table.</summary>
    public static string V1WithIntegerTotal { get; } = V1.Replace("public decimal Total", "public int Total", StringComparison.Ordinal);

    /// <summary>V1 plus a required Customers.DisplayName computed from other columns, its expression left to the migrations.</summary>
    public static string V1WithComputedDisplayName { get; } = Model(
        customerMembers: """
            public required string Name { get; set; }

            public string? Email { get; set; }

            public string? Phone { get; set; }

            public required string DisplayName { get; set; }
            """,
        orderMembers: """
            public int CustomerId { get; set; }

            public decimal Total { get; set; }
            """,
        onModelCreating: """
            modelBuilder.Entity<Customer>().Property(c => c.DisplayName).HasBackfillSql();
            """);

    private static string Model(string customerMembers, string orderMembers, string onModelCreating)
        => $$"""
            using EfSafeMigrations;
            using Microsoft.EntityFrameworkCore;

            namespace Scratch;

            public sealed class Customer
            {
                public int Id { get; set; }

            {{Indent(customerMembers, 1)}}
            }

            public sealed class Order
            {
                public int Id { get; set; }

            {{Indent(orderMembers, 1)}}
            }

            public sealed class {{ScratchProject.ContextName}}(DbContextOptions<{{ScratchProject.ContextName}}> options) : DbContext(options)
            {
                public DbSet<Customer> Customers => Set<Customer>();

                public DbSet<Order> Orders => Set<Order>();

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
            {{Indent(onModelCreating, 2)}}
                }
            }

            """;

    private static string Indent(string code, int levels)
        => string.Join('\n', code.Split('\n').Select(l => l.Length == 0 ? l : new string(' ', 4 * levels) + l));
}
