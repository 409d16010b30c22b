using System.Globalization;
using System.Text;

namespace EfSafeMigrations.Tests.TestInfrastructure;

/// <summary>Names for throwaway test databases: <c>t_&lt;prefix&gt;_&lt;8 hex&gt;</c>, lowercase, safe to use unquoted.</summary>
public static class TestDatabaseNames
{
    private const int MaxPrefixLength = 40;

    /// <summary>A fresh name; <paramref name="prefix"/> is reduced to lowercase letters, digits and underscores.</summary>
    public static string Create(string? prefix = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var cleaned = Clean(prefix);
        return cleaned.Length == 0
            ? string.Create(CultureInfo.InvariantCulture, $"t_{suffix}")
            : string.Create(CultureInfo.InvariantCulture, $"t_{cleaned}_{suffix}");
    }

    private static string Clean(string? prefix)
    {
        if (string.IsNullOrWhiteSpace(prefix))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(prefix.Length);
        foreach (var c in prefix.ToLowerInvariant())
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '_');
        }

        var cleaned = builder.ToString().Trim('_');
        return cleaned.Length > MaxPrefixLength ? cleaned[..MaxPrefixLength].TrimEnd('_') : cleaned;
    }
}
