using EfSafeMigrations.Running;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Dialects.MySql.Pomelo;

/// <summary>
/// A Pomelo app's own connection string (from its configuration, when no --connection replaces it) is read with
/// MySqlConnector's keywords: MySqlConnector's builder answers <c>ContainsKey</c> only for keywords already given a value,
/// which refused every such string as having the "unknown keyword 'Server'" (found by the MariaDB demo). (A keyword
/// MySqlConnector does not know never reaches the check: Pomelo's own parse of the string refuses it first.)
/// </summary>
public sealed class MySqlConfiguredConnectionTests
{
    private const string Secret = "s3cret-pw";

    [Theory]
    [InlineData("Server=127.0.0.1;Port=3306;Database=shop;Uid=app;Pwd=" + Secret)]
    [InlineData("Server=127.0.0.1;Database=shop;User ID=app;Password=" + Secret + ";AllowUserVariables=true;SslMode=None")]
    public void A_MySqlConnector_connection_string_from_the_app_is_accepted(string connectionString)
    {
        using var context = Context(connectionString);

        ConfiguredConnection.Check(context);
    }

    private static DbContext Context(string connectionString)
        => new(new DbContextOptionsBuilder().UseMySql(connectionString, new MariaDbServerVersion(new Version(10, 11))).Options);
}
