namespace EfSafeMigrations.Deployment.Configuration;

/// <summary>
/// Which values of <c>safe-migrate.json</c> are secrets: those taken from a variable (or put under an
/// environment name) that names a secret, those in a place that holds one (a webhook's <c>secret</c>,
/// an HTTP header, a URL), and the password inside a connection string or URL. Other values, such as
/// a database, host or user name, stay readable in the output.
/// </summary>
internal static class SecretVariables
{
    private static readonly HashSet<string> SecretWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "SECRET", "SECRETS", "PASSWORD", "PASSWORDS", "PASSWD", "PASS", "PWD", "PASSPHRASE", "TOKEN", "TOKENS", "KEY", "KEYS", "APIKEY",
        "CREDENTIAL", "CREDENTIALS", "CREDS", "AUTH", "AUTHORIZATION", "PRIVATE", "HMAC", "SIGNING", "COOKIE", "CONNECTION", "CONNECTIONSTRING", "DSN",
    };

    /// <summary>
    /// Whether a variable or environment name names a secret: one of its words (split at <c>_</c>, <c>-</c>,
    /// <c>.</c> and lower-to-upper case changes) is SECRET, PASSWORD, TOKEN, KEY, CREDENTIALS, CONNECTION...
    /// The shell's own <c>PWD</c> (the working folder) is not a secret.
    /// </summary>
    public static bool IsSecretName(string name)
        => !string.Equals(name, "PWD", StringComparison.Ordinal) && Words(name).Any(SecretWords.Contains);

    /// <summary>The password a value holds as a <c>Password=</c> setting or in a URL's user info, or null.</summary>
    public static string? EmbeddedPassword(string value)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.UserInfo.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
        {
            return Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]) is { Length: > 0 } password ? password : null;
        }

        try
        {
            var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = value };
            foreach (var key in new[] { "Password", "Pwd" })
            {
                if (builder.TryGetValue(key, out var password) && password is string { Length: > 0 } text)
                {
                    return text;
                }
            }
        }
        catch (ArgumentException)
        {
            // Not a connection string.
        }

        return null;
    }

    private static IEnumerable<string> Words(string name)
    {
        var word = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '_' or '-' or '.' || (char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1])))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }

                if (c is '_' or '-' or '.')
                {
                    continue;
                }
            }

            word.Append(c);
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }
}
