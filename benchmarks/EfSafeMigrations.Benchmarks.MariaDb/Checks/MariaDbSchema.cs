using MySqlConnector;

namespace EfSafeMigrations.Benchmarks.MariaDb.Checks;

/// <summary>A copy's final schema of Accounts, as lines to compare: columns, indexes, foreign keys and triggers, from information_schema.</summary>
public static class MariaDbSchema
{
    private static readonly string[] Queries =
    [
        "SELECT CONCAT('column ', COLUMN_NAME, ' ', COLUMN_TYPE, IF(IS_NULLABLE = 'YES', ' NULL', ' NOT NULL'), ' default ', IFNULL(COLUMN_DEFAULT, '(none)')) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Accounts'",
        "SELECT CONCAT('index ', INDEX_NAME, ' (', GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX), ')', IF(MAX(NON_UNIQUE) = 0, ' unique', '')) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Accounts' GROUP BY INDEX_NAME",
        "SELECT CONCAT('foreign key ', CONSTRAINT_NAME, ' to ', REFERENCED_TABLE_NAME, ' on delete ', DELETE_RULE) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'Accounts'",
        "SELECT CONCAT('trigger ', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = 'Accounts'",
    ];

    /// <summary>The schema lines of the copy at <paramref name="connectionString"/>, sorted.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(string connectionString)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        var lines = new List<string>();
        foreach (var sql in Queries)
        {
            await using var command = new MySqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                lines.Add(reader.GetString(0));
            }
        }

        return [.. lines.Order(StringComparer.Ordinal)];
    }

    /// <summary>The lines only one side has, each said with its side.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<string> left, string leftName, IReadOnlyList<string> right, string rightName)
        => [.. left.Except(right).Select(l => $"only {leftName}: {l}").Concat(right.Except(left).Select(r => $"only {rightName}: {r}"))];
}
