using System.Globalization;
using System.Text.RegularExpressions;

namespace EfSafeMigrations.Linting;

/// <summary>
/// A MySQL or MariaDB server release, for the lint rules that depend on it. Written as Pomelo's
/// <c>ServerVersion.Parse</c> takes it (<c>8.0.36-mysql</c>, <c>10.11-mariadb</c>) or as <c>SELECT VERSION()</c> answers
/// (<c>10.11.6-MariaDB-0+deb12u1</c>, <c>8.0.36</c>): a version that does not say MariaDB is MySQL's.
/// </summary>
/// <param name="IsMariaDb">Whether the server is MariaDB (else MySQL).</param>
/// <param name="Version">The version, with as many parts as were given.</param>
public sealed partial record MySqlServerRelease(bool IsMariaDb, Version Version)
{
    /// <summary>How a release is written, for messages.</summary>
    public const string AcceptedForms = "a MySQL or MariaDB version such as 8.0.36-mysql or 10.11-mariadb";

    /// <summary>The product's name, MariaDB or MySQL.</summary>
    public string Product => IsMariaDb ? "MariaDB" : "MySQL";

    /// <summary>
    /// Whether <c>ALGORITHM=INSTANT</c> adds a column at any position and drops one: MariaDB 10.4 and MySQL 8.0.29
    /// (before them a dropped column rebuilds the table).
    /// </summary>
    public bool HasInstantAddAndDropAnywhere => Version >= (IsMariaDb ? new Version(10, 4) : new Version(8, 0, 29));

    /// <summary>Whether <c>ALGORITHM=INSTANT</c> adds a column as the table's last one: MariaDB 10.3.2 and MySQL 8.0.12 (before them it rebuilds the table).</summary>
    public bool HasInstantAddLast => Version >= (IsMariaDb ? new Version(10, 3, 2) : new Version(8, 0, 12));

    /// <summary>The release written in <paramref name="text"/>, or false when it is not one.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MySqlServerRelease? release)
    {
        release = null;
        var match = text == null ? Match.Empty : Release().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var parts = match.Groups["version"].Value.Split('.').Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        var version = parts.Length == 2 ? new Version(parts[0], parts[1]) : new Version(parts[0], parts[1], parts[2]);
        release = new MySqlServerRelease(match.Groups["rest"].Value.Contains("mariadb", StringComparison.OrdinalIgnoreCase), version);
        return true;
    }

    /// <summary>As messages write it, for example <c>MariaDB 10.3</c>.</summary>
    public override string ToString() => $"{Product} {Version}";

    /// <summary>As <see cref="TryParse"/> reads it, for example <c>10.3-mariadb</c>.</summary>
    public string ToText() => $"{Version}-{Product.ToLowerInvariant()}";

    [GeneratedRegex(@"^(?<version>\d{1,4}\.\d{1,4}(?:\.\d{1,4})?)(?<rest>(?:-\S*)?)$", RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex Release();
}
