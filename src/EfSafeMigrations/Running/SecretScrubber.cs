using System.Data.Common;
using System.Text.RegularExpressions;

namespace EfSafeMigrations.Running;

/// <summary>Removes a connection string's password from any text before it is shown.</summary>
public static partial class SecretScrubber
{
    private static readonly string[] PasswordKeys = ["Password", "Pwd"];

    private static readonly string[] NameKeys = ["Host", "Server", "Data Source", "Database", "Initial Catalog", "Username", "User ID", "User", "Uid"];

    /// <summary>
    /// The text with the connection string's password replaced by *** wherever it stands as a token of
    /// its own (so a password "app" hides "app" but leaves "applied" readable), and any
    /// <c>Password=...</c> setting masked. Nothing else of the connection string is masked: its host,
    /// database and user names stay readable wherever they appear; a password equal to one of them
    /// cannot be told apart from that name in a message, so it is masked only in <c>Password=</c> settings.
    /// </summary>
    public static string Scrub(string text, string? connectionString)
    {
        text = PasswordSetting().Replace(text, "$1=***");
        foreach (var secret in Secrets(connectionString))
        {
            text = Regex.Replace(text, $"(?<![A-Za-z0-9]){Regex.Escape(secret)}(?![A-Za-z0-9])", "***", RegexOptions.CultureInvariant);
        }

        return text;
    }

    /// <summary>The connection string, as written, with its password replaced by ***.</summary>
    public static string MaskConnectionString(string connectionString) => PasswordSetting().Replace(connectionString, "$1=***");

    [GeneratedRegex(@"\b(Password|Pwd)\s*=\s*[^;""']*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordSetting();

    private static IEnumerable<string> Secrets(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            yield break;
        }

        DbConnectionStringBuilder builder;
        try
        {
            builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException)
        {
            yield break;
        }

        var names = NameKeys.Select(k => builder.TryGetValue(k, out var value) ? value as string : null).Where(v => v != null).ToHashSet(StringComparer.Ordinal);
        foreach (var key in PasswordKeys)
        {
            if (builder.TryGetValue(key, out var value) && value is string { Length: > 0 } secret && !names.Contains(secret))
            {
                yield return secret;
            }
        }
    }
}
