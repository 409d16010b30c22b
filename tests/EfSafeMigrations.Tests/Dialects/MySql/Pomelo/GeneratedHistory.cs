using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EfSafeMigrations.Tests.Dialects.MySql.Pomelo;

/// <summary>
/// A long migration history, generated from a fixed seed so a failure is reproduced by running again: each version
/// makes a few changes a real history is made of (columns added, dropped, renamed, widened, made required or
/// optional, defaults changed, indexes added and dropped) to one table whose columns are shadow properties.
/// </summary>
internal sealed class GeneratedHistory
{
    private readonly Random _random;
    private int _next;

    public GeneratedHistory(int seed) => _random = new Random(seed);

    /// <summary>The first version: a few columns of each kind.</summary>
    public IReadOnlyList<HistoryColumn> First()
        => Enumerable.Range(0, 6).Select(_ => NewColumn(required: _random.Next(2) == 0)).ToList();

    /// <summary>The version after <paramref name="version"/>, with <paramref name="changes"/> changes, each to another column; the changes named.</summary>
    public (IReadOnlyList<HistoryColumn> Version, IReadOnlyList<string> Changes) Next(IReadOnlyList<HistoryColumn> version, int changes)
    {
        var columns = version.ToList();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var said = new List<string>();
        for (var attempt = 0; said.Count < changes && attempt < 50; attempt++)
        {
            var change = _random.Next(9);
            if (change == 0 || columns.Count < 3)
            {
                var added = NewColumn(required: _random.Next(3) == 0);
                columns.Add(added);
                touched.Add(added.Property);
                said.Add($"add {added.Column}");
                continue;
            }

            var candidates = columns.Where(c => !touched.Contains(c.Property)).ToList();
            if (candidates.Count == 0)
            {
                break;
            }

            var column = candidates[_random.Next(candidates.Count)];
            HistoryColumn? changed = change switch
            {
                1 => null,
                2 => column with { Column = column.Column + "X" },
                3 when column.IsText && column.Length + 10 <= 63 => column with { Length = column.Length + 10 },
                4 when column.Required => column with { Required = false },
                5 when !column.Required => column with { Required = true },
                6 when column.Default != null => column with { Default = column.IsText ? "d" + _random.Next(100) : _random.Next(100) },
                7 when !column.Indexed => column with { Indexed = true },
                8 when column.Indexed => column with { Indexed = false },
                _ => column,
            };
            if (changed == column)
            {
                continue;
            }

            touched.Add(column.Property);
            var index = columns.IndexOf(column);
            if (changed == null)
            {
                columns.RemoveAt(index);
                said.Add($"drop {column.Column}");
            }
            else
            {
                columns[index] = changed;
                said.Add(change switch
                {
                    2 => $"rename {column.Column} to {changed.Column}",
                    3 => $"widen {column.Column} to varchar({changed.Length})",
                    4 => $"make {column.Column} optional",
                    5 => $"make {column.Column} required",
                    6 => $"change the default of {column.Column}",
                    7 => $"index {column.Column}",
                    _ => $"drop the index of {column.Column}",
                });
            }
        }

        return (columns, said);
    }

    /// <summary>The model of a version.</summary>
    public static void Configure(ModelBuilder model, IReadOnlyList<HistoryColumn> version)
        => model.Entity<HistoryItem>(e =>
        {
            e.ToTable("Items");
            foreach (var column in version)
            {
                PropertyBuilder property = column.IsText ? e.Property<string>(column.Property).HasMaxLength(column.Length) : e.Property<int?>(column.Property);
                property.HasColumnName(column.Column).IsRequired(column.Required);
                if (column.Default != null)
                {
                    property.HasDefaultValue(column.Default);
                }

                if (column.Indexed)
                {
                    e.HasIndex(column.Property);
                }
            }
        });

    private HistoryColumn NewColumn(bool required)
    {
        var number = ++_next;
        var isText = _random.Next(2) == 0;
        object? defaultValue = _random.Next(2) == 0 ? (isText ? "v" + number : number) : null;
        return new HistoryColumn($"P{number}", $"C{number}", isText, 10 + _random.Next(4) * 10, required, defaultValue, false);
    }
}
