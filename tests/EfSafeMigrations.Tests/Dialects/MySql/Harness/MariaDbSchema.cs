using System.Globalization;
using Microsoft.EntityFrameworkCore.Metadata;
using MySqlConnector;

namespace EfSafeMigrations.Tests.Dialects.MySql.Harness;

/// <summary>
/// What a MariaDB database holds, read from <c>information_schema</c> as sorted lines two databases can be compared
/// by: columns (type, nullability, default, extra), indexes, constraints, check clauses, triggers and views, and
/// optionally the rows of a model's tables over that model's columns.
/// </summary>
internal sealed class MariaDbSchema
{
    private const string Here = "TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE '\\_\\_EF%'";

    private MariaDbSchema(SortedSet<string> lines) => Lines = lines;

    /// <summary>One line per object (and per row when rows were read), sorted.</summary>
    public SortedSet<string> Lines { get; }

    /// <summary>The objects EfSafeMigrations made for a group's window: their names start with <c>esm_</c>.</summary>
    public IReadOnlyList<string> OursLeftOver => Lines.Where(l => l.Contains(" esm_", StringComparison.Ordinal)).ToList();

    /// <summary>Reads the schema, and the rows of <paramref name="dataModel"/>'s tables whose keys <paramref name="keep"/> picks.</summary>
    public static async Task<MariaDbSchema> ReadAsync(
        string connectionString, IRelationalModel? dataModel = null, Func<string, string, bool>? keep = null, IReadOnlyCollection<string>? ignoredColumns = null)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        await ReadLinesAsync(connection, lines, $"""
            SELECT CONCAT('column ', TABLE_NAME, '.', COLUMN_NAME, ' ', COLUMN_TYPE, IF(IS_NULLABLE = 'YES', ' NULL', ' NOT NULL'),
                COALESCE(CONCAT(' DEFAULT ', COLUMN_DEFAULT), ''), IF(EXTRA = '', '', CONCAT(' ', EXTRA)))
            FROM information_schema.COLUMNS WHERE {Here}
            """);
        await ReadLinesAsync(connection, lines, $"""
            SELECT CONCAT('index ', TABLE_NAME, '.', INDEX_NAME, IF(NON_UNIQUE = 0, ' UNIQUE', ''), ' (', GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX), ')')
            FROM information_schema.STATISTICS WHERE {Here} GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE
            """);
        await ReadLinesAsync(connection, lines, $"""
            SELECT CONCAT('constraint ', c.TABLE_NAME, '.', c.CONSTRAINT_NAME, ' ', c.CONSTRAINT_TYPE,
                COALESCE(CONCAT(' -> ', r.REFERENCED_TABLE_NAME, ' ON DELETE ', r.DELETE_RULE), ''))
            FROM information_schema.TABLE_CONSTRAINTS c
            LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = c.CONSTRAINT_NAME
            WHERE c.CONSTRAINT_SCHEMA = DATABASE() AND c.TABLE_NAME NOT LIKE '\_\_EF%'
            """);
        await ReadLinesAsync(connection, lines, """
            SELECT CONCAT('check ', TABLE_NAME, '.', CONSTRAINT_NAME, ' ', CHECK_CLAUSE) FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()
            """);
        await ReadLinesAsync(connection, lines, "SELECT CONCAT('trigger ', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()");
        await ReadLinesAsync(connection, lines, "SELECT CONCAT('view ', TABLE_NAME) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()");
        if (dataModel != null)
        {
            var columns = lines.Where(l => l.StartsWith("column ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToHashSet(StringComparer.Ordinal);
            foreach (var table in dataModel.Tables)
            {
                await ReadRowsAsync(connection, table, columns, keep ?? ((_, _) => true), ignoredColumns ?? [], lines);
            }
        }

        return new MariaDbSchema(lines);
    }

    /// <summary>The lines only one side has, each marked with its side; empty when both are equal.</summary>
    public static string Diff(MariaDbSchema left, string leftLabel, MariaDbSchema right, string rightLabel)
        => string.Join(
            "\n",
            left.Lines.Except(right.Lines).Select(l => $"  only {leftLabel}: {l}").Concat(right.Lines.Except(left.Lines).Select(l => $"  only {rightLabel}: {l}")));

    /// <summary>The keys (<c>Table:key</c>) of the rows read.</summary>
    public IReadOnlySet<string> RowKeys => Lines.Where(l => l.StartsWith("row ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToHashSet(StringComparer.Ordinal);

    private static async Task ReadLinesAsync(MySqlConnection connection, SortedSet<string> lines, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
    }

    private static async Task ReadRowsAsync(
        MySqlConnection connection, ITable table, HashSet<string> existing, Func<string, string, bool> keep, IReadOnlyCollection<string> ignored, SortedSet<string> lines)
    {
        var key = table.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? [];
        var columns = table.Columns.Select(c => c.Name)
            .Where(c => existing.Contains($"{table.Name}.{c}") && !ignored.Contains($"{table.Name}.{c}"))
            .OrderBy(c => c, StringComparer.Ordinal).ToList();
        if (key.Count == 0 || columns.Count == 0 || !key.All(k => existing.Contains($"{table.Name}.{k}")))
        {
            return;
        }

        await using var command = new MySqlCommand(
            $"SELECT {string.Join(", ", key.Concat(columns).Select(Quote))} FROM {Quote(table.Name)}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var keyText = $"{table.Name}:" + string.Join(",", key.Select((k, i) => $"{k}={Text(reader.GetValue(i))}"));
            if (keep(table.Name, keyText))
            {
                lines.Add($"row {keyText} " + string.Join(" ", columns.Select((c, i) => $"{c}={Text(reader.GetValue(key.Count + i))}")));
            }
        }
    }

    private static string Text(object value) => value is DBNull ? "NULL" : Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";
}
