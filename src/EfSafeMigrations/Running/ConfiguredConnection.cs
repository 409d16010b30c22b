using System.Data.Common;
using System.Text.RegularExpressions;
using EfSafeMigrations.Running.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EfSafeMigrations.Running;

/// <summary>
/// The connection string the app's own configuration gives its context (appsettings.json, an environment variable, a
/// design-time factory), when no --connection replaces it: refused as a usage error (exit 2) when the provider cannot
/// read it, naming the keyword that is wrong and never quoting a value (any value may be the password), before anything
/// connects or writes.
/// </summary>
internal static class ConfiguredConnection
{
    // The ADO.NET provider behind each EF Core provider the runner has a dialect for, found by name (the app brings it).
    private static readonly Dictionary<string, string> Factories = new(StringComparer.Ordinal)
    {
        ["Npgsql.EntityFrameworkCore.PostgreSQL"] = "Npgsql.NpgsqlFactory, Npgsql",
        ["Pomelo.EntityFrameworkCore.MySql"] = "MySqlConnector.MySqlConnectorFactory, MySqlConnector",
        ["Microting.EntityFrameworkCore.MySql"] = "MySqlConnector.MySqlConnectorFactory, MySqlConnector",
    };

    /// <summary>Throws a usage <see cref="RunnerRefusal"/> when the context's configured connection string cannot be read.</summary>
    public static void Check(DbContext context)
    {
        var text = context.GetService<IDbContextOptions>().Extensions.OfType<RelationalOptionsExtension>().FirstOrDefault()?.ConnectionString;
        if (text == null)
        {
            // The app gives a connection object, or sets the string later: the provider has read it already.
            return;
        }

        var source = $"the connection string {context.GetType().Name} gets from the app's configuration";
        var fix = "; nothing was changed. Fix it where the app configures it (appsettings.json, an environment variable, its DbContext factory), or pass --connection.";
        if (text.Trim().Length == 0)
        {
            throw new RunnerRefusal(ExitCodes.Usage, $"{Capitalized(source)} is empty{fix}");
        }

        DbConnectionStringBuilder pairs;
        try
        {
            pairs = new DbConnectionStringBuilder { ConnectionString = text };
        }
        catch (ArgumentException)
        {
            // Its own message may quote the text, password included.
            throw new RunnerRefusal(ExitCodes.Usage, $"{Capitalized(source)} cannot be read: write it as Key=Value pairs separated by ';'{fix}");
        }

        if (Builder(context.Database.ProviderName) is not { } provider)
        {
            return;
        }

        foreach (string lowered in pairs.Keys)
        {
            var keyword = AsWritten(text, lowered);
            if (!Knows(provider, lowered))
            {
                throw new RunnerRefusal(ExitCodes.Usage, $"{Capitalized(source)} has the unknown keyword '{keyword}'{fix}");
            }

            try
            {
                provider[lowered] = pairs[lowered];
            }
            catch (Exception error) when (error is ArgumentException or FormatException or OverflowException or InvalidCastException or KeyNotFoundException)
            {
                throw new RunnerRefusal(ExitCodes.Usage, $"{Capitalized(source)} has a value for '{keyword}' that is not valid for it{fix}");
            }
        }
    }

    private static DbConnectionStringBuilder? Builder(string? providerName)
    {
        if (providerName == null || !Factories.TryGetValue(providerName, out var typeName)
            || Type.GetType(typeName, throwOnError: false)?.GetField("Instance")?.GetValue(null) is not DbProviderFactory factory)
        {
            return null;
        }

        return factory.CreateConnectionStringBuilder();
    }

    /// <summary>
    /// Whether the provider's builder knows <paramref name="keyword"/>. MySqlConnector's <c>ContainsKey</c> answers only for
    /// the keywords already given a value, so a keyword it does not answer for is given none: only an unknown one is refused.
    /// </summary>
    internal static bool Knows(DbConnectionStringBuilder provider, string keyword)
    {
        if (provider.ContainsKey(keyword))
        {
            return true;
        }

        try
        {
            provider[keyword] = null;
            return true;
        }
        catch (Exception error) when (error is ArgumentException or KeyNotFoundException)
        {
            return false;
        }
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>The keyword as the app spelt it (the builder lowers its case).</summary>
    private static string AsWritten(string connection, string lowered)
    {
        var match = Regex.Match(
            connection, @"(?:^|;)\s*(" + Regex.Escape(lowered).Replace("\\ ", "\\s+", StringComparison.Ordinal) + @")\s*=",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return match.Success ? match.Groups[1].Value : lowered;
    }
}
