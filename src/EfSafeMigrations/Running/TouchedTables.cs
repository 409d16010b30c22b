using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Running;

/// <summary>The tables (and views) a list of operations changes, for the runner's overlap rule.</summary>
internal static class TouchedTables
{
    public static IReadOnlySet<string> Of(IEnumerable<MigrationOperation> operations)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case CreateTableOperation t:
                    tables.Add(Name(t.Name, t.Schema));
                    break;
                case DropTableOperation t:
                    tables.Add(Name(t.Name, t.Schema));
                    break;
                case RenameTableOperation t:
                    tables.Add(Name(t.Name, t.Schema));
                    tables.Add(Name(t.NewName ?? t.Name, t.NewSchema ?? t.Schema));
                    break;
                case CreateRenameViewOperation v:
                    tables.Add(Name(v.Table, v.Schema));
                    tables.Add(Name(v.NewName, v.Schema));
                    break;
                case DropRenameViewOperation v:
                    tables.Add(Name(v.Table, v.Schema));
                    tables.Add(Name(v.NewName, v.Schema));
                    break;
                case SafeMigrationOperation s:
                    tables.Add(Name(s.Table, s.Schema));
                    break;
                case ITableMigrationOperation t:
                    tables.Add(Name(t.Table, t.Schema));
                    break;
            }
        }

        return tables;
    }

    private static string Name(string table, string? schema) => schema == null ? table : schema + "." + table;
}
