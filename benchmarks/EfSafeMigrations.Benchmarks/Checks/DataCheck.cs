using EfSafeMigrations.Benchmarks.Model;
using Npgsql;

namespace EfSafeMigrations.Benchmarks.Checks;

/// <summary>What a copy's rows look like after its scenario.</summary>
/// <param name="Rows">Rows in the table.</param>
/// <param name="Inserted">Rows the writers inserted during the scenario.</param>
/// <param name="NullLabel">Rows whose label is NULL.</param>
/// <param name="WrongLabel">Rows whose label is not NULL and not the computed value (for example EF Core's default '').</param>
public sealed record DataCheck(long Rows, long Inserted, long NullLabel, long WrongLabel)
{
    /// <summary>Counts the rows of one copy; <paramref name="seededRows"/> is how many the seed had.</summary>
    public static async Task<DataCheck> ReadAsync(string connectionString, long seededRows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"""
            SELECT count(*),
                   count(*) FILTER (WHERE "Id" > {seededRows}),
                   count(*) FILTER (WHERE "{BenchTable.Label}" IS NULL),
                   count(*) FILTER (WHERE "{BenchTable.Label}" IS NOT NULL AND "{BenchTable.Label}" <> {BenchTable.LabelSql})
            FROM "{BenchTable.Accounts}";
            """, connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        return new DataCheck(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }
}
