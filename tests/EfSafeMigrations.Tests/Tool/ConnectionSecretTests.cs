using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using Npgsql;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// A wrong password, given with <c>--connection</c> or in <c>SAFE_MIGRATE_CONNECTION</c>, against the real test PostgreSQL:
/// the tool fails cleanly (exit 1, the server's reason) and the password appears nowhere in what it prints, whatever the
/// output mode.
/// </summary>
public sealed class ConnectionSecretTests
{
    public static TheoryData<string[]> OutputModes => new()
    {
        Array.Empty<string>(),
        new[] { "--verbose" },
        new[] { "--json" },
        new[] { "--json", "--verbose" },
        new[] { "--no-color", "--verbose" },
    };

    [Theory]
    [MemberData(nameof(OutputModes))]
    public async Task A_wrong_password_in_the_connection_option_fails_cleanly_and_is_never_shown(string[] mode)
    {
        var (password, connection) = WrongPassword();

        var result = await SafeMigrateCli.RunAsync(["status", "--assembly", SafeMigrateCli.ShopAssembly, "--connection", connection, .. mode]);

        AssertFailsWithoutThePassword(result, password, mode);
    }

    [Theory]
    [MemberData(nameof(OutputModes))]
    public async Task A_wrong_password_in_the_environment_variable_fails_cleanly_and_is_never_shown(string[] mode)
    {
        var (password, connection) = WrongPassword();

        var result = await SafeMigrateCli.RunAsync(
            ["plan", "--assembly", SafeMigrateCli.ShopAssembly, .. mode],
            new Dictionary<string, string> { ["SAFE_MIGRATE_CONNECTION"] = connection });

        AssertFailsWithoutThePassword(result, password, mode);
    }

    private static (string Password, string Connection) WrongPassword()
    {
        var password = "Wrong-" + Guid.NewGuid().ToString("N")[..12];
        return (password, new NpgsqlConnectionStringBuilder(TestServers.PostgresConnectionString) { Password = password }.ConnectionString);
    }

    private static void AssertFailsWithoutThePassword(SafeMigrateResult result, string password, string[] mode)
    {
        Assert.True(result.ExitCode == ExitCodes.Failed, "Expected exit code 1. " + result.Describe());
        Assert.Contains("password authentication failed", result.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(password, result.AllOutput, StringComparison.Ordinal);
        if (mode.Contains("--json"))
        {
            var events = JsonEventLines.Read(result);
            Assert.Contains("password authentication failed", ((ResultEvent)events[^1]).Message, StringComparison.Ordinal);
        }

        if (mode.Contains("--verbose"))
        {
            // The connection string in use is echoed, masked.
            Assert.Contains("password=***", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        }
    }
}
