using System.CommandLine.Parsing;
using System.Globalization;
using EfSafeMigrations.Linting;

namespace EfSafeMigrations.Tool.Cli;

/// <summary>
/// The value of <c>--server-version</c>: a whole number is PostgreSQL's major version; a dotted version is a MySQL or
/// MariaDB release (<see cref="MySqlServerRelease"/>). Which one the context's database needs is checked by the runner,
/// which knows the provider.
/// </summary>
/// <param name="PostgreSqlMajor">PostgreSQL's major version, or null.</param>
/// <param name="MySqlRelease">The MySQL or MariaDB release, or null.</param>
internal readonly record struct ServerVersionValue(int? PostgreSqlMajor, MySqlServerRelease? MySqlRelease)
{
    /// <summary>The oldest PostgreSQL major the option takes.</summary>
    private const int OldestPostgreSql = 9;

    /// <summary>Parses the option's token, or adds an error naming both forms.</summary>
    public static ServerVersionValue? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var major) && major >= OldestPostgreSql)
        {
            return new ServerVersionValue(major, null);
        }

        if (!text.All(char.IsDigit) && MySqlServerRelease.TryParse(text, out var release))
        {
            return new ServerVersionValue(null, release);
        }

        result.AddError(string.Create(
            CultureInfo.InvariantCulture,
            $"'{text}' is not a valid value for --server-version: use PostgreSQL's major version ({OldestPostgreSql} or more), or {MySqlServerRelease.AcceptedForms}."));
        return null;
    }
}
