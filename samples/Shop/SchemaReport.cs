using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Shop;

/// <summary>A short, readable account of the shop's schema and data, printed by the demo after each phase.</summary>
public static class SchemaReport
{
    // The Customers columns the report shows when they exist, in this order.
    private static readonly string[] ShownColumns = ["Id", "Name", "Email", "Phone", "EmailAddress", "Tier"];

    /// <summary>Prints the account under <paramref name="title"/>.</summary>
    public static async Task PrintAsync(ShopDatabase database, string title)
    {
        await using var connection = await database.OpenAsync();
        var state = await database.ReadSchemaAsync(connection);

        var output = new StringBuilder();
        output.AppendLine($"  ┌ {title}");
        output.AppendLine($"  │ Customers columns : {string.Join(", ", state.CustomerColumns)}");
        foreach (var row in await RowsAsync(database, connection, [.. ShownColumns.Where(state.CustomerColumns.Contains)]))
        {
            output.AppendLine($"  │   {row}");
        }

        output.AppendLine($"  │ indexes           : {Describe(state.Indexes, valid => valid ? "valid" : "INVALID (not used yet)")}");
        output.AppendLine($"  │ foreign keys      : {Describe(state.ForeignKeys, validated => validated ? "validated" : "NOT VALID (new writes checked, old rows not yet)")}");
        output.AppendLine($"  │ triggers          : {(state.Triggers.Count == 0 ? "none" : string.Join(", ", state.Triggers))}");
        output.AppendLine($"  └ applied           : {string.Join(", ", state.AppliedMigrations.Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]))}");
        Console.Write(output.ToString());
    }

    private static string Describe(IReadOnlyList<(string Name, bool Flag)> items, Func<bool, string> flag)
        => items.Count == 0 ? "none" : string.Join(", ", items.Select(i => $"{i.Name} {flag(i.Flag)}"));

    private const int ShownRows = 6;

    private static async Task<List<string>> RowsAsync(ShopDatabase database, DbConnection connection, IReadOnlyList<string> columns)
    {
        var cells = new List<string[]> { columns.ToArray() };
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = database.Sql($"""SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM "Customers" ORDER BY "Id" LIMIT {ShownRows}""");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                cells.Add([.. Enumerable.Range(0, columns.Count).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) is { Length: > 0 } text ? text : "''")]);
            }
        }

        var widths = Enumerable.Range(0, columns.Count).Select(i => cells.Max(r => r[i].Length)).ToArray();
        var lines = cells.Select(r => string.Join("  ", r.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd()).ToList();
        await using var count = connection.CreateCommand();
        count.CommandText = database.Sql("""SELECT count(*) FROM "Customers" """);
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        if (total > ShownRows)
        {
            lines.Add($"... and {total - ShownRows} more customers");
        }

        return lines;
    }
}
