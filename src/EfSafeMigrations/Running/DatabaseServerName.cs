using System.Data.Common;

namespace EfSafeMigrations.Running;

/// <summary>Names the database server a connection is for, in messages about a failure to use it.</summary>
public static class DatabaseServerName
{
    /// <summary>" at host:port (shop)": the server a failure is about, which the driver's own message may not name; null when unknown.</summary>
    /// <param name="connection">The connection (open or not) to the database.</param>
    public static string? Describe(DbConnection connection)
    {
        try
        {
            var source = connection.DataSource;
            var at = source.Contains("://", StringComparison.Ordinal) ? source[(source.IndexOf("://", StringComparison.Ordinal) + 3)..] : source;

            // MySQL drivers' DataSource is the host alone (Oracle's is empty until it connects): the string names the
            // host and the port that tell which server it is.
            var settings = new DbConnectionStringBuilder { ConnectionString = connection.ConnectionString };
            if (at.Length == 0 && (settings.TryGetValue("Server", out var host) || settings.TryGetValue("Host", out host)))
            {
                at = Convert.ToString(host, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            }

            if (at.Length > 0 && !at.Contains(':', StringComparison.Ordinal) && settings.TryGetValue("Port", out var port))
            {
                at = $"{at}:{port}";
            }

            return at.Length == 0 ? null : $" at {at} ({connection.Database})";
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
