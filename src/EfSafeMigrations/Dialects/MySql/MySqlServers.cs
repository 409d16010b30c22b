using System.Globalization;
using System.Text.RegularExpressions;

namespace EfSafeMigrations.Dialects.MySql;

/// <summary>The MySQL and MariaDB versions whose online DDL the dialect relies on, read from <c>VERSION()</c>.</summary>
internal static partial class MySqlServers
{
    /// <summary>Why the server is refused, or null. MariaDB 10.4 (instant ADD and DROP COLUMN anywhere) and MySQL 8.0.29 (the same) at least.</summary>
    public static string? Refusal(string serverVersion)
    {
        // MariaDB's handshake says "5.5.5-10.11.6-MariaDB" to old MySQL clients; VERSION() does not, a driver might.
        var match = Version().Match(serverVersion.StartsWith("5.5.5-", StringComparison.Ordinal) ? serverVersion[6..] : serverVersion);
        if (!match.Success)
        {
            return null;
        }

        var version = new Version(
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
        var mariaDb = serverVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);
        var (product, oldest) = mariaDb ? ("MariaDB", new Version(10, 4, 0)) : ("MySQL", new Version(8, 0, 29));
        return version >= oldest
            ? null
            : $"The database is {product} {version}: EfSafeMigrations needs {product} {oldest.ToString(3)} or later, whose ALTER TABLE adds and drops columns "
                + "without copying the table (ALGORITHM=INSTANT). Upgrade the server, or apply the migrations with plain EF Core in a maintenance window.";
    }

    [GeneratedRegex(@"^(\d+)\.(\d+)\.(\d+)")]
    private static partial Regex Version();
}
