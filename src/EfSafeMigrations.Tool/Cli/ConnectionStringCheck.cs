using System.Data.Common;
using System.Text.RegularExpressions;
using MySqlConnector;
using Npgsql;

namespace EfSafeMigrations.Tool.Cli;

/// <summary>
/// Refuses a connection string the provider cannot read, before anything starts: one usage error naming the keyword
/// that is wrong and never quoting a value (any value may be the password).
/// </summary>
internal static class ConnectionStringCheck
{
    /// <summary>Throws a usage <see cref="ToolException"/> when <paramref name="connection"/> (from <paramref name="source"/>) cannot be used.</summary>
    public static void Check(string connection, string source)
    {
        if (connection.Trim().Length == 0)
        {
            throw ToolException.Usage(
                $"The connection string from {source} is empty: give one such as \"Host=db;Database=shop;Username=deploy;Password=...\", "
                + $"or leave {source} out to use the context's own; nothing was changed.");
        }

        DbConnectionStringBuilder pairs;
        try
        {
            pairs = new DbConnectionStringBuilder { ConnectionString = connection };
        }
        catch (ArgumentException)
        {
            // Its own message may quote the text, password included.
            throw ToolException.Usage($"The connection string from {source} cannot be read: write it as Key=Value pairs separated by ';'; nothing was changed.");
        }

        // The provider is not known before the app is loaded: a keyword is right when Npgsql or MySqlConnector (the
        // driver of the MySQL providers) knows it, and its value is checked by the one that does.
        var npgsql = new NpgsqlConnectionStringBuilder();
        var mySql = new MySqlConnectionStringBuilder();
        foreach (string lowered in pairs.Keys)
        {
            var keyword = AsWritten(connection, lowered);
            DbConnectionStringBuilder reader = Knows(npgsql, keyword) ? npgsql
                : Knows(mySql, keyword) ? mySql
                : throw ToolException.Usage($"The connection string from {source} has the unknown keyword '{keyword}'{Suggestion(keyword)}; nothing was changed.");
            try
            {
                reader[keyword] = pairs[lowered];
            }
            catch (Exception error) when (error is ArgumentException or FormatException or OverflowException or InvalidCastException)
            {
                throw ToolException.Usage($"The connection string from {source} has a value for '{keyword}' that is not valid for it{Expected(keyword)}; nothing was changed.");
            }
        }

        if (npgsql.Port is < 1 or > 65535)
        {
            throw ToolException.Usage($"The connection string from {source} has a value for 'Port' that is not valid for it{Expected("Port")}; nothing was changed.");
        }

        if (string.IsNullOrWhiteSpace(npgsql.Host) && string.IsNullOrWhiteSpace(mySql.Server))
        {
            throw ToolException.Usage($"The connection string from {source} names no server: add Host=...; nothing was changed.");
        }
    }

    /// <summary>
    /// Whether <paramref name="builder"/> knows <paramref name="keyword"/>. MySqlConnector's <c>ContainsKey</c> answers only
    /// for the keywords already given a value, so a keyword it does not answer for is given none: only an unknown one is refused.
    /// </summary>
    private static bool Knows(DbConnectionStringBuilder builder, string keyword)
    {
        if (builder.ContainsKey(keyword))
        {
            return true;
        }

        try
        {
            builder[keyword] = null;
            return true;
        }
        catch (Exception error) when (error is ArgumentException or KeyNotFoundException)
        {
            return false;
        }
    }

    private static string Expected(string keyword)
        => keyword.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "PORT" => " (a port number, 1 to 65535)",
            "TIMEOUT" or "COMMANDTIMEOUT" or "KEEPALIVE" or "MAXPOOLSIZE" or "MINPOOLSIZE" => " (a whole number)",
            "POOLING" or "INCLUDEERRORDETAIL" or "ENLIST" => " (true or false)",
            "SSLMODE" => " (Disable, Allow, Prefer, Require, VerifyCA or VerifyFull)",
            _ => string.Empty,
        };

    /// <summary>The keyword as the user spelt it (the builder lowers its case).</summary>
    private static string AsWritten(string connection, string lowered)
    {
        var match = Regex.Match(
            connection, @"(?:^|;)\s*(" + Regex.Escape(lowered).Replace("\\ ", "\\s+", StringComparison.Ordinal) + @")\s*=",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return match.Success ? match.Groups[1].Value : lowered;
    }

    /// <summary>" (did you mean 'Port'?)" for a keyword a typing slip away from a known one.</summary>
    private static string Suggestion(string keyword)
    {
        var best = KnownKeywords()
            .Select(k => (Keyword: k, Distance: Distance(keyword.ToUpperInvariant(), k.ToUpperInvariant())))
            .OrderBy(k => k.Distance)
            .FirstOrDefault();
        return best.Keyword != null && best.Distance <= Math.Max(1, keyword.Length / 3) ? $" (did you mean '{best.Keyword}'?)" : " (write keywords as Npgsql names them: Host, Port, Database, Username, Password...)";
    }

    /// <summary>Npgsql's keywords: the display names of its builder's properties.</summary>
    private static IEnumerable<string> KnownKeywords()
        => typeof(NpgsqlConnectionStringBuilder).GetProperties()
            .Select(p => p.GetCustomAttributes(typeof(System.ComponentModel.DisplayNameAttribute), inherit: true).OfType<System.ComponentModel.DisplayNameAttribute>().FirstOrDefault()?.DisplayName)
            .OfType<string>();

    /// <summary>Edits (insert, delete, replace, swap two neighbours) between two words.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
