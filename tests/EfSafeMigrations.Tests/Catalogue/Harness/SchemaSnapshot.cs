using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace EfSafeMigrations.Tests.Catalogue.Harness;

/// <summary>
/// What a database holds, read from the catalog, in a form two databases can be compared by: tables,
/// columns (as a set: name, type, nullability, default, identity), indexes (name and definition),
/// constraints (name and definition), triggers, views, functions and sequences of the user's schemas,
/// and optionally the rows of a model's tables over that model's columns.
/// </summary>
public sealed partial class SchemaSnapshot
{
    private const string UserSchemas = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

    private readonly SortedSet<SchemaObject> _objects;
    private readonly SortedDictionary<string, SortedDictionary<string, string>> _rows;

    private SchemaSnapshot(SortedSet<SchemaObject> objects, SortedDictionary<string, SortedDictionary<string, string>> rows)
    {
        _objects = objects;
        _rows = rows;
    }

    /// <summary>Every catalog object read, ordered by kind and name.</summary>
    public IReadOnlyCollection<SchemaObject> Objects => _objects;

    /// <summary>The keys of the rows read, per table (<c>Id=1</c>, composite keys joined by commas).</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> RowKeys
        => _rows.ToDictionary(t => t.Key, t => (IReadOnlySet<string>)t.Value.Keys.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>
    /// The objects EfSafeMigrations made for a group's window (triggers, their functions, views, NOT NULL
    /// checks, temporary indexes): their names start with <c>esm_</c> or hold <c>_esm_</c>.
    /// </summary>
    public IReadOnlyList<SchemaObject> OursLeftOver => _objects.Where(o => o.IsOurs).ToList();

    /// <summary>Reads the schema of a database, and the rows of <paramref name="dataModel"/>'s tables when given.</summary>
    /// <param name="connectionString">The database.</param>
    /// <param name="dataModel">The model whose tables' rows are read, over its columns (those the database has).</param>
    /// <param name="ignoredDataColumns"><c>Table.Column</c> pairs whose values are not read (for example values of a volatile default).</param>
    public static async Task<SchemaSnapshot> ReadAsync(
        string connectionString, IRelationalModel? dataModel = null, IReadOnlyCollection<string>? ignoredDataColumns = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var objects = new SortedSet<SchemaObject>();
        await ReadObjectsAsync(connection, objects);
        var rows = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        if (dataModel != null)
        {
            var existingColumns = objects.Where(o => o.Kind == "column").Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var table in dataModel.Tables)
            {
                await ReadRowsAsync(connection, table, existingColumns, ignoredDataColumns ?? [], rows);
            }
        }

        return new SchemaSnapshot(objects, rows);
    }

    /// <summary>A copy holding only the rows for which <paramref name="keep"/> (table, key) is true.</summary>
    public SchemaSnapshot WithRows(Func<string, string, bool> keep)
    {
        var rows = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (table, tableRows) in _rows)
        {
            rows[table] = new SortedDictionary<string, string>(
                tableRows.Where(r => keep(table, r.Key)).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal),
                StringComparer.Ordinal);
        }

        return new SchemaSnapshot(_objects, rows);
    }

    /// <summary>A copy without the rows.</summary>
    public SchemaSnapshot WithoutRows() => new(_objects, new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal));

    /// <summary>
    /// The differences between two snapshots, one per line ("only in X", "differs"), or an empty string
    /// when they are equal.
    /// </summary>
    public static string Diff(SchemaSnapshot left, string leftLabel, SchemaSnapshot right, string rightLabel)
    {
        var text = new StringBuilder();
        foreach (var only in left._objects.Except(right._objects))
        {
            text.Append(CultureInfo.InvariantCulture, $"  only in {leftLabel}:  {only}\n");
        }

        foreach (var only in right._objects.Except(left._objects))
        {
            text.Append(CultureInfo.InvariantCulture, $"  only in {rightLabel}: {only}\n");
        }

        foreach (var table in left._rows.Keys.Union(right._rows.Keys).Order(StringComparer.Ordinal))
        {
            var leftRows = left._rows.GetValueOrDefault(table) ?? [];
            var rightRows = right._rows.GetValueOrDefault(table) ?? [];
            foreach (var key in leftRows.Keys.Union(rightRows.Keys).Order(StringComparer.Ordinal))
            {
                var l = leftRows.GetValueOrDefault(key);
                var r = rightRows.GetValueOrDefault(key);
                if (l != r)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  row {table}[{key}]\n      {leftLabel}: {l ?? "(no row)"}\n      {rightLabel}: {r ?? "(no row)"}\n");
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The whole snapshot, one object or row per line.</summary>
    public override string ToString()
        => string.Join('\n', _objects.Select(o => o.ToString())
            .Concat(_rows.SelectMany(t => t.Value.Select(r => $"row {t.Key}[{r.Key}]: {r.Value}"))));

    private static async Task ReadObjectsAsync(NpgsqlConnection connection, SortedSet<SchemaObject> objects)
    {
        const string relation = "CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname || '.' END";
        await ReadAsync(connection, objects, "table", $"""
            SELECT {relation} || c.relname, '' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND {UserSchemas}
            """);
        await ReadAsync(connection, objects, "column", $"""
            SELECT {relation} || c.relname || '.' || a.attname,
                   format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END
                   || CASE a.attidentity WHEN 'a' THEN ' GENERATED ALWAYS AS IDENTITY' WHEN 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY' ELSE '' END
                   || CASE WHEN a.attgenerated = 's' THEN ' GENERATED ALWAYS AS (' || pg_get_expr(d.adbin, d.adrelid) || ') STORED'
                           WHEN d.adbin IS NOT NULL THEN ' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid) ELSE '' END
                   || CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN ' COLLATE ' || co.collname ELSE '' END
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            LEFT JOIN pg_collation co ON co.oid = a.attcollation
            WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND {UserSchemas}
            """);
        await ReadAsync(connection, objects, "index", $"""
            SELECT {relation} || t.relname || '.' || i.relname,
                   pg_get_indexdef(i.oid) || CASE WHEN x.indisvalid THEN '' ELSE ' (INVALID)' END
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE {UserSchemas}
            """, NormaliseIndexDefinition);
        // PostgreSQL 18 records NOT NULL as named constraints (contype 'n'). A staged rename ends with the new column's
        // NOT NULL named after it (Customers_EmailAddress_not_null, as SET NOT NULL names it), where EF's plain rename
        // keeps the old column's name (Customers_Email_not_null): a decision (README, "What each change does"), so NOT
        // NULL constraints are compared by what they constrain, and RenameColumnCycleTests pins the staged name.
        await ReadAsync(connection, objects, "constraint", $"""
            SELECT {relation} || t.relname || '.' || CASE WHEN c.contype = 'n' THEN '(not null)' ELSE c.conname END || ' ' || pg_get_constraintdef(c.oid),
                   pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            JOIN pg_class t ON t.oid = c.conrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE {UserSchemas}
            """);
        await ReadAsync(connection, objects, "trigger", $"""
            SELECT {relation} || t.relname || '.' || g.tgname, pg_get_triggerdef(g.oid)
            FROM pg_trigger g
            JOIN pg_class t ON t.oid = g.tgrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE NOT g.tgisinternal AND {UserSchemas}
            """);
        await ReadAsync(connection, objects, "view", $"""
            SELECT {relation} || c.relname, pg_get_viewdef(c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('v', 'm') AND {UserSchemas}
            """);
        await ReadAsync(connection, objects, "function", $"""
            SELECT {relation} || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', ''
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE {UserSchemas}
            """);
        await ReadAsync(connection, objects, "sequence", $"""
            SELECT {relation} || c.relname, ''
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'S' AND {UserSchemas}
            """);
    }

    private static async Task ReadAsync(
        NpgsqlConnection connection, SortedSet<SchemaObject> objects, string kind, string sql, Func<string, string>? normalise = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var definition = reader.GetString(1);
            objects.Add(new SchemaObject(kind, reader.GetString(0), normalise?.Invoke(definition) ?? definition));
        }
    }

    /// <summary>The index's name and table are compared in its name; its definition keeps the rest.</summary>
    private static string NormaliseIndexDefinition(string definition)
        => IndexHeader().Replace(definition, "CREATE ${unique}INDEX <index> ON <table> USING ");

    private static async Task ReadRowsAsync(
        NpgsqlConnection connection,
        ITable table,
        HashSet<string> existingColumns,
        IReadOnlyCollection<string> ignoredDataColumns,
        SortedDictionary<string, SortedDictionary<string, string>> rows)
    {
        var name = table.Schema == null || table.Schema == "public" ? table.Name : table.Schema + "." + table.Name;
        var keyColumns = table.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? [];
        if (keyColumns.Count == 0 || keyColumns.Any(k => !existingColumns.Contains(name + "." + k)))
        {
            // No key to match rows by, or the key column is missing (the schema part of the diff shows that).
            return;
        }

        var valueColumns = table.Columns.Select(c => c.Name)
            .Where(c => !keyColumns.Contains(c) && existingColumns.Contains(name + "." + c) && !ignoredDataColumns.Contains(table.Name + "." + c))
            .Order(StringComparer.Ordinal)
            .ToList();
        var select = string.Join(", ", keyColumns.Concat(valueColumns).Select(c => Quote(c) + "::text"));
        var from = table.Schema == null ? Quote(table.Name) : Quote(table.Schema) + "." + Quote(table.Name);
        await using var command = new NpgsqlCommand($"SELECT {select} FROM {from}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tableRows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            string Value(int i) => reader.IsDBNull(i) ? "NULL" : "'" + reader.GetString(i) + "'";
            var key = string.Join(",", keyColumns.Select((k, i) => k + "=" + Value(i)));
            tableRows[key] = string.Join(", ", valueColumns.Select((c, i) => c + "=" + Value(keyColumns.Count + i)));
        }

        rows[name] = tableRows;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex("^CREATE (?<unique>UNIQUE )?INDEX .+? ON (?:ONLY )?\\S+ USING ")]
    private static partial Regex IndexHeader();
}
