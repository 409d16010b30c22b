using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;
using EfSafeMigrations.Tests.Tool;
using Npgsql;

namespace EfSafeMigrations.Tests.Running;

/// <summary>
/// A runner refused by the database for a reason that is not the connection string: a role without a right (which
/// right to GRANT on which object) or a database that takes no writes (which setting), said through the real tool.
/// </summary>
public sealed class DatabaseErrorAdviceTests
{
    private const string ConnectionAdvice = "Check the connection string";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_role_without_rights_is_told_which_right_to_grant_on_which_object()
    {
        await using var database = await PostgresDatabase.CreateAsync("rights");

        // The app's tables live in a schema of the database owner's; the test server's `replicator` login is a role
        // of its own (whatever the server's defaults: PUBLIC may create tables in public before 15).
        await database.ExecuteAsync("CREATE SCHEMA app_tables; GRANT USAGE ON SCHEMA app_tables TO replicator");
        var owner = new NpgsqlConnectionStringBuilder(database.ConnectionString) { SearchPath = "app_tables" }.ConnectionString;
        var restricted = new NpgsqlConnectionStringBuilder(owner) { Username = "replicator", Password = "replicator" }.ConnectionString;

        var noCreate = await ToolAsync(restricted, "phase", "expand");

        Assert.True(noCreate.ExitCode == ExitCodes.Failed, noCreate.Describe());
        Assert.Contains("42501: permission denied for schema app_tables", noCreate.AllOutput, StringComparison.Ordinal);
        Assert.Contains("GRANT USAGE, CREATE ON SCHEMA app_tables TO replicator;", noCreate.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(ConnectionAdvice, noCreate.AllOutput, StringComparison.Ordinal);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'app_tables'"));

        // The owner applied the first group; the role may create, but not read what the owner's runner wrote.
        Assert.Equal(ExitCodes.Done, (await ToolAsync(owner, "phase", "expand", "--to", "Initial")).ExitCode);
        await database.ExecuteAsync("GRANT CREATE ON SCHEMA app_tables TO replicator");

        var noRead = await ToolAsync(restricted, "phase", "expand");

        Assert.True(noRead.ExitCode == ExitCodes.Failed, noRead.Describe());
        Assert.Contains("permission denied for table __EFMigrationsHistory", noRead.AllOutput, StringComparison.Ordinal);
        Assert.Contains("GRANT SELECT, INSERT, UPDATE, DELETE ON __EFMigrationsHistory TO replicator;", noRead.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(ConnectionAdvice, noRead.AllOutput, StringComparison.Ordinal);

        // With every row right granted, changing the owner's table is what it may not do.
        await database.ExecuteAsync("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA app_tables TO replicator");

        var notOwner = await ToolAsync(restricted, "phase", "expand");

        Assert.True(notOwner.ExitCode == ExitCodes.Failed, notOwner.Describe());
        Assert.Contains("must be owner of table Customers", notOwner.AllOutput, StringComparison.Ordinal);
        Assert.Contains("Only the owner of table Customers may change its structure", notOwner.AllOutput, StringComparison.Ordinal);
        Assert.Contains("ALTER TABLE Customers OWNER TO replicator;", notOwner.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(ConnectionAdvice, notOwner.AllOutput, StringComparison.Ordinal);
        Assert.Equal(
            "20261121074208_Initial_Expand",
            await database.ScalarAsync<string>("""SELECT string_agg("MigrationId", ',') FROM app_tables."__EFMigrationsHistory" """));
    }

    [Fact]
    public async Task A_read_only_database_is_named_with_the_setting_that_makes_it_so_with_the_app_and_with_a_plan()
    {
        await using var database = await PostgresDatabase.CreateAsync("readonly");
        using var folder = new TempFolder("efsm-readonly-");
        var written = await SafeMigrateCli.RunAsync(["plan", "--assembly", SafeMigrateCli.ShopAssembly, "--output", folder.Path]);
        Assert.True(written.ExitCode == ExitCodes.Done, written.Describe());
        await database.ExecuteAsync($"""ALTER DATABASE "{database.Name}" SET default_transaction_read_only = on""");

        foreach (var source in new[] { new[] { "--assembly", SafeMigrateCli.ShopAssembly }, ["--plan", folder.Path] })
        {
            var refused = await ToolAsync(database.ConnectionString, ["phase", "expand", .. source]);

            Assert.True(refused.ExitCode == ExitCodes.Failed, refused.Describe());
            Assert.Contains("25006: cannot execute CREATE TABLE in a read-only transaction", refused.AllOutput, StringComparison.Ordinal);
            Assert.Contains($"ALTER DATABASE {database.Name} SET default_transaction_read_only = off;", refused.AllOutput, StringComparison.Ordinal);
            Assert.Contains("the server is a standby", refused.AllOutput, StringComparison.Ordinal);
            Assert.DoesNotContain(ConnectionAdvice, refused.AllOutput, StringComparison.Ordinal);
            Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
        }
    }

    private static Task<SafeMigrateResult> ToolAsync(string connection, params string[] args)
        => SafeMigrateCli.RunAsync(
            [.. args, .. args.Contains("--plan") || args.Contains("--assembly") ? Array.Empty<string>() : ["--assembly", SafeMigrateCli.ShopAssembly], "--connection", connection, "--no-color"],
            timeout: RunTimeout);
}
