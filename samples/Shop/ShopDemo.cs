using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Shop;

/// <summary>
/// What the demo (<c>eng/demo.sh</c>) does to the shop between the phases of the CustomerDetails group: writes as the
/// old app version (which knows Customers.Email and Phone, and nothing of CustomerDetails) and as the new one (this
/// project's model), and checks that every email survived.
/// </summary>
public static class ShopDemo
{
    /// <summary>The customers and emails the demo writes, in the order it writes them; null is a customer without email.</summary>
    public static IReadOnlyList<(string Name, string? Email)> ExpectedCustomers { get; } =
    [
        ("Ada", "ada@example.com"),
        ("Grace", null),
        ("Linus", "linus@example.com"),
        ("Margaret", "margaret@example.com"),
        ("Barbara", "barbara@example.com"),
    ];

    /// <summary>The first customers and their orders, written with the old version's SQL (schema of the Initial group).</summary>
    public static async Task SeedAsOldVersionAsync(ShopDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = database.Sql(
            """
            INSERT INTO "Customers" ("Name", "Email", "Phone") VALUES
                ('Ada', 'ada@example.com', '555-0100'),
                ('Grace', NULL, '555-0101'),
                ('Linus', 'linus@example.com', NULL);
            INSERT INTO "Orders" ("CustomerId", "Total")
                SELECT "Id", 25.00 FROM "Customers" WHERE "Name" = 'Ada'
                UNION ALL SELECT "Id", 12.50 FROM "Customers" WHERE "Name" = 'Ada'
                UNION ALL SELECT "Id", 99.90 FROM "Customers" WHERE "Name" = 'Linus';
            """);
        await command.ExecuteNonQueryAsync();
        Console.WriteLine("  old version: added customers Ada, Grace (no email) and Linus, and 3 orders");
    }

    /// <summary>The old version adds a customer: it writes Email (and Phone) only, knowing nothing of EmailAddress or Tier.</summary>
    public static async Task WriteAsOldVersionAsync(ShopDatabase database, string name, string email)
    {
        await using var connection = await database.OpenAsync();
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = database.Sql("""INSERT INTO "Customers" ("Name", "Email", "Phone") VALUES (@name, @email, NULL)""");
            AddParameter(insert, "name", name);
            AddParameter(insert, "email", email);
            await insert.ExecuteNonQueryAsync();
        }

        await using var read = connection.CreateCommand();
        var names = ExpectedCustomers.Select((c, i) => (c.Name, Parameter: "n" + i.ToString(CultureInfo.InvariantCulture))).ToList();
        read.CommandText = database.Sql($"""SELECT "Name", "Email" FROM "Customers" WHERE "Name" IN ({string.Join(", ", names.Select(n => "@" + n.Parameter))}) ORDER BY "Id" """);
        foreach (var (customer, parameter) in names)
        {
            AddParameter(read, parameter, customer);
        }

        var seen = new List<string>();
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                seen.Add($"{reader.GetString(0)}={(reader.IsDBNull(1) ? "-" : reader.GetString(1))}");
            }
        }

        Console.WriteLine($"  old version: added {name} <{email}>; it reads Email: {string.Join(", ", seen)}");
    }

    /// <summary>The new version (this project's model: Email mapped to EmailAddress, Tier, orders with a foreign key) adds a customer with an order.</summary>
    public static async Task WriteAsNewVersionAsync(ShopDatabase database, string name, string email)
    {
        await using var db = database.CreateContext();
        var customer = new Customer { Name = name, Email = email, Tier = "gold" };
        customer.Orders.Add(new Order { Total = 42.00m });
        db.Customers.Add(customer);
        await db.SaveChangesAsync();

        var names = ExpectedCustomers.Select(c => c.Name).ToList();
        var everyone = await db.Customers.AsNoTracking().Where(c => names.Contains(c.Name)).OrderBy(c => c.Id).Select(c => c.Name + "=" + (c.Email ?? "-")).ToListAsync();
        Console.WriteLine($"  new version: added {name} <{email}> with an order; it reads EmailAddress: {string.Join(", ", everyone)}");
    }

    /// <summary>
    /// After Contract: every customer the demo wrote is there with its email, read through the new version's model, and
    /// the schema is the new one (Email and Phone gone, indexes valid, foreign key validated, no triggers left).
    /// Prints a one-line summary, or what is wrong to stderr.
    /// </summary>
    public static async Task<bool> CheckFinalStateAsync(ShopDatabase database, string? knownPath = null)
    {
        var problems = new List<string>();
        await using (var connection = await database.OpenAsync())
        {
            var state = await database.ReadSchemaAsync(connection);
            if (!state.CustomerColumns.SequenceEqual(["Id", "Name", "EmailAddress", "Tier"]))
            {
                problems.Add($"Customers has columns {string.Join(", ", state.CustomerColumns)}, expected Id, Name, EmailAddress, Tier");
            }

            problems.AddRange(state.Indexes.Where(i => !i.Valid).Select(i => $"index {i.Name} is invalid"));
            problems.AddRange(state.ForeignKeys.Where(f => !f.Validated).Select(f => $"foreign key {f.Name} is not validated"));
            if (state.Indexes.Count == 0 || state.ForeignKeys.Count == 0)
            {
                problems.Add("the CustomerDetails indexes or foreign key are missing");
            }

            if (state.Triggers.Count > 0 || state.HelperFunctions.Count > 0)
            {
                problems.Add($"left over: {string.Join(", ", state.Triggers.Concat(state.HelperFunctions))}");
            }
        }

        await using var db = database.CreateContext();
        var actual = await db.Customers.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Name, c.Email, Orders = c.Orders.Count }).ToListAsync();
        var found = actual.Where(c => ExpectedCustomers.Any(e => e.Name == c.Name)).Select(c => (c.Name, c.Email)).ToList();
        if (!ExpectedCustomers.SequenceEqual(found))
        {
            problems.Add($"expected customers {Describe(ExpectedCustomers)}, found {Describe(found)}");
        }

        // Every customer the load wrote (old and new version) must hold the email its writer set last.
        var byId = actual.ToDictionary(c => c.Id, c => c.Email);
        var known = knownPath == null ? [] : Shop.Load.KnownCustomers.ReadAll(knownPath);
        problems.AddRange(known
            .Where(k => !byId.TryGetValue(k.Id, out var email) || email != k.Email)
            .Take(5)
            .Select(k => $"customer {k.Id} should have email {k.Email}, has {(byId.TryGetValue(k.Id, out var email) ? email ?? "NULL" : "no row")}"));

        if (problems.Count > 0)
        {
            await Console.Error.WriteLineAsync("check failed: " + string.Join("; ", problems));
            return false;
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{actual.Count} customers and {actual.Sum(c => c.Orders)} orders kept, all {actual.Count(c => c.Email != null)} emails now in EmailAddress ({known.Count} written under load, each as its writer left it); Email and Phone gone, indexes valid, foreign key validated, no triggers left"));
        return true;
    }

    private static string Describe(IEnumerable<(string Name, string? Email)> customers)
        => string.Join(", ", customers.Select(c => $"{c.Name}={c.Email ?? "-"}"));

    private static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
