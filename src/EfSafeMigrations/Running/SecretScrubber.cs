using System.Data.Common;

namespace EfSafeMigrations.Running;

/// <summary>Removes a connection string's password from any text before it is shown.</summary>
public static class SecretScrubber
{
    private static readonly string[] PasswordKeys = ["Password", "Pwd", "PWD", "password", "pwd"];

    /// <summary>The text with every occurrence of the connection string's password replaced by ***.</summary>
    public static string Scrub(string text, string? connectionString)
    {
        foreach (var secret in Secrets(connectionString))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>The connection string with its password replaced by ***.</summary>
    public static string MaskConnectionString(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (var key in PasswordKeys.Where(builder.ContainsKey))
        {
            builder[key] = "***";
        }

        return builder.ConnectionString;
    }

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

        foreach (var key in PasswordKeys)
        {
            if (builder.TryGetValue(key, out var value) && value is string { Length: > 0 } secret)
            {
                yield return secret;
            }
        }
    }
}
