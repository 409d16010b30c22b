using EfSafeMigrations.Benchmarks.MariaDb.Model;
using MySqlConnector;

namespace EfSafeMigrations.Benchmarks.MariaDb.Checks;

/// <summary>A copy's rows after its run: how many, how many the writers inserted, and how many have no Label or a wrong one.</summary>
/// <param name="Rows">Rows of Accounts.</param>
/// <param name="Inserted">Rows the writers inserted (beyond the seed).</param>
/// <param name="NullLabel">Rows whose Label is NULL.</param>
/// <param name="WrongLabel">Rows whose Label is not UPPER(Name).</param>
public sealed record MariaDbDataCheck(long Rows, long Inserted, long NullLabel, long WrongLabel)
{
    /// <summary>Counts the rows of the copy at <paramref name="connectionString"/>.</summary>
    public static async Task<MariaDbDataCheck> ReadAsync(string connectionString, long seededRows)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new MySqlCommand(
            $"""
            SELECT COUNT(*), SUM(`Id` > {seededRows}), SUM(`{BenchModel.Label}` IS NULL),
                   SUM(`{BenchModel.Label}` IS NOT NULL AND BINARY `{BenchModel.Label}` <> BINARY {BenchModel.LabelSql})
            FROM `{BenchModel.Accounts}`
            """,
            connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        return new MariaDbDataCheck(reader.GetInt64(0), Number(reader, 1), Number(reader, 2), Number(reader, 3));
    }

    private static long Number(MySqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
