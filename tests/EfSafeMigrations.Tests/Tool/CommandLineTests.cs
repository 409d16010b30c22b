using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// <c>dotnet safe-migrate</c>'s verbs, options and usage errors, through the built tool. None of these runs the runner
/// host: each ends before (at the parser or at locating the app) with exit code 2 and a message saying what to do.
/// </summary>
public sealed class CommandLineTests
{
    private const string AcceptedDurations = "500ms, 2s, 1.5s, 1m or 1h";

    [Fact]
    public async Task Without_a_verb_it_shows_the_help_as_a_usage_error()
    {
        var result = await SafeMigrateCli.RunAsync([]);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.Describe());
        foreach (var verb in new[] { "plan", "status", "phase", "rollback" })
        {
            Assert.Contains(verb, result.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_help_of_a_verb_lists_the_options_named_as_dotnet_ef_names_them()
    {
        var result = await SafeMigrateCli.RunAsync(["phase", "--help"]);

        Assert.True(result.ExitCode == ExitCodes.Done, result.Describe());
        foreach (var option in new[]
        {
            "--project", "--startup-project", "--context", "--no-build", "--configuration", "--framework", "--assembly", "--connection",
            "--dry-run", "--verbose", "--json", "--no-color", "--to", "--lock-timeout", "--max-retries", "--wait-for-lock", "--batch-size",
            "--target-batch-time", "--max-rows-per-second", "--max-replica-lag", "expand|backfill|contract", "--config", "--wait",
        })
        {
            Assert.Contains(option, result.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_help_of_status_explains_require_and_config()
    {
        var result = await SafeMigrateCli.RunAsync(["status", "--help"]);

        Assert.True(result.ExitCode == ExitCodes.Done, result.Describe());
        Assert.Matches(@"--require <expanded\|backfilled\|contracted>\s+Exit with code 3 unless every group has applied every phase up to this one", result.StandardOutput);
        Assert.Matches(@"--config <FILE>\s+The hooks and gates file\. Default: safe-migrate\.json in the project's folder", result.StandardOutput);
    }

    [Fact]
    public async Task A_require_that_is_not_a_state_is_a_usage_error_naming_the_states()
    {
        var result = await SafeMigrateCli.RunAsync(["status", "--require", "ready"]);

        AssertUsageError(result, "'ready' is not a state for --require. Use expanded, backfilled or contracted.");
    }

    [Fact]
    public async Task Wait_belongs_to_phase_only()
    {
        var result = await SafeMigrateCli.RunAsync(["status", "--wait", "5m"]);

        AssertUsageError(result, "--wait");
    }

    [Fact]
    public async Task An_unknown_phase_is_a_usage_error_naming_the_phases()
    {
        var result = await SafeMigrateCli.RunAsync(["phase", "sideways"]);

        AssertUsageError(result, "'sideways' is not a phase. Use expand, backfill or contract.");
    }

    [Theory]
    [InlineData("--lock-timeout", "2x")]
    [InlineData("--lock-timeout", "500")]
    [InlineData("--lock-timeout", "fast")]
    [InlineData("--wait-for-lock", "1 minute")]
    [InlineData("--target-batch-time", "200us")]
    [InlineData("--max-replica-lag", "5 s s")]
    [InlineData("--wait", "soon")]
    [InlineData("--wait", "10")]
    public async Task A_duration_that_is_not_one_is_a_usage_error_saying_the_accepted_forms(string option, string value)
    {
        var result = await SafeMigrateCli.RunAsync(["phase", "backfill", option, value]);

        AssertUsageError(result, $"'{value}' is not a duration for {option}.", AcceptedDurations);
    }

    [Theory]
    [InlineData("--lock-timeout")]
    [InlineData("--target-batch-time")]
    [InlineData("--max-replica-lag")]
    public async Task A_zero_duration_where_one_is_needed_is_a_usage_error(string option)
    {
        var result = await SafeMigrateCli.RunAsync(["rollback", option, "0ms"]);

        AssertUsageError(result, $"{option} must be more than 0.", AcceptedDurations);
    }

    [Theory]
    [InlineData("--lock-timeout", "500ms")]
    [InlineData("--lock-timeout", "2s")]
    [InlineData("--lock-timeout", "1.5s")]
    [InlineData("--wait-for-lock", "0")]
    [InlineData("--wait-for-lock", "1m")]
    [InlineData("--target-batch-time", "250MS")]
    [InlineData("--max-replica-lag", "1h")]
    [InlineData("--wait", "0")]
    [InlineData("--wait", "15m")]
    public async Task Durations_with_a_unit_are_accepted(string option, string value)
    {
        using var empty = new TempFolder("efsm-cli-");

        var result = await SafeMigrateCli.RunAsync(["phase", "expand", option, value], workingDirectory: empty.Path);

        // Past the parser: it stops at finding no project in an empty folder.
        AssertUsageError(result, "No project file was found in the current folder");
    }

    [Theory]
    [InlineData("15")]
    [InlineData("10.11-mariadb")]
    [InlineData("8.0.36-mysql")]
    [InlineData("10.11.6-MariaDB-0+deb12u1")]
    public async Task A_server_version_is_postgresql_major_or_a_mysql_or_mariadb_release(string value)
    {
        using var empty = new TempFolder("efsm-cli-");

        var result = await SafeMigrateCli.RunAsync(["lint", "--server-version", value], workingDirectory: empty.Path);

        AssertUsageError(result, "No project file was found in the current folder");
    }

    [Theory]
    [InlineData("8")]
    [InlineData("mariadb-10.11")]
    [InlineData("latest")]
    public async Task Any_other_server_version_is_a_usage_error_naming_both_forms(string value)
    {
        var result = await SafeMigrateCli.RunAsync(["lint", "--server-version", value]);

        AssertUsageError(result, $"'{value}' is not a valid value for --server-version: use PostgreSQL's major version (9 or more), or a MySQL or MariaDB version such as 8.0.36-mysql or 10.11-mariadb.");
    }

    [Theory]
    [InlineData("--batch-size", "0")]
    [InlineData("--batch-size", "many")]
    [InlineData("--max-retries", "2.5")]
    [InlineData("--max-rows-per-second", "0")]
    public async Task A_count_that_is_not_one_is_a_usage_error(string option, string value)
    {
        var result = await SafeMigrateCli.RunAsync(["phase", "backfill", option, value]);

        AssertUsageError(result, $"'{value}' is not a valid value for {option}: use a whole number of");
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error_that_does_not_echo_a_password()
    {
        var result = await SafeMigrateCli.RunAsync(["status", "--conection", "Host=db;Password=Typo-Secret-41"]);

        AssertUsageError(result, "--conection");
        Assert.DoesNotContain("Typo-Secret-41", result.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_project_in_the_current_folder_it_says_how_to_name_one()
    {
        using var empty = new TempFolder("efsm-cli-");

        var result = await SafeMigrateCli.RunAsync(["status"], workingDirectory: empty.Path);

        AssertUsageError(result, $"No project file was found in the current folder ({empty.Path})", "--project", "--assembly");
    }

    [Fact]
    public async Task With_several_projects_in_the_folder_it_names_them_and_asks_for_one()
    {
        using var folder = new TempFolder("efsm-cli-");
        File.WriteAllText(folder.Combine("Api.csproj"), "<Project />");
        File.WriteAllText(folder.Combine("Data.csproj"), "<Project />");

        var result = await SafeMigrateCli.RunAsync(["status", "--project", folder.Path]);

        AssertUsageError(result, "More than one project file was found", "Api.csproj, Data.csproj", "--project");
    }

    [Fact]
    public async Task A_project_that_does_not_exist_is_a_usage_error()
    {
        using var empty = new TempFolder("efsm-cli-");

        var result = await SafeMigrateCli.RunAsync(["status", "--startup-project", "Nowhere/App.csproj"], workingDirectory: empty.Path);

        AssertUsageError(result, "The project 'Nowhere/App.csproj' (--startup-project) does not exist.");
    }

    [Fact]
    public async Task An_assembly_and_a_project_together_are_a_usage_error()
    {
        var result = await SafeMigrateCli.RunAsync(["status", "--assembly", SafeMigrateCli.ShopAssembly, "--project", ".", "--no-build"]);

        AssertUsageError(result, "--assembly uses a built assembly, so --project and --no-build cannot go with it.");
    }

    [Fact]
    public async Task An_assembly_that_does_not_exist_is_a_usage_error()
    {
        var result = await SafeMigrateCli.RunAsync(["status", "--assembly", "bin/Missing.dll"]);

        AssertUsageError(result, "The assembly 'bin/Missing.dll' (--assembly) does not exist.");
    }

    [Fact]
    public async Task An_app_without_EfSafeMigrations_is_a_usage_error_saying_what_to_add()
    {
        using var folder = new TempFolder("efsm-cli-");
        File.WriteAllText(folder.Combine("Plain.dll"), string.Empty);
        File.WriteAllText(folder.Combine("Plain.deps.json"), """{"runtimeTarget":{"name":".NETCoreApp,Version=v10.0"},"targets":{},"libraries":{"Plain/1.0.0":{"type":"project"}}}""");

        var result = await SafeMigrateCli.RunAsync(["status", "--assembly", folder.Combine("Plain.dll")]);

        AssertUsageError(result, "Plain.dll does not reference EfSafeMigrations", "add the EfSafeMigrations package");
    }

    [Fact]
    public async Task A_connection_string_that_cannot_be_read_is_a_usage_error_that_does_not_echo_it()
    {
        var result = await SafeMigrateCli.RunAsync(["status", "--assembly", SafeMigrateCli.ShopAssembly, "--connection", "Password='Unclosed-Secret-9"]);

        AssertUsageError(result, "The connection string from --connection cannot be read");
        Assert.DoesNotContain("Unclosed-Secret-9", result.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_usage_error_with_json_is_one_result_event_on_standard_output()
    {
        using var empty = new TempFolder("efsm-cli-");

        foreach (var args in new[] { new[] { "phase", "expand", "--lock-timeout", "soon", "--json" }, ["status", "--json"] })
        {
            var result = await SafeMigrateCli.RunAsync(args, workingDirectory: empty.Path);

            Assert.True(result.ExitCode == ExitCodes.Usage, result.Describe());
            var only = Assert.Single(JsonEventLines.Read(result));
            Assert.Equal(ExitCodes.Usage, Assert.IsType<ResultEvent>(only).ExitCode);
        }
    }

    private static void AssertUsageError(SafeMigrateResult result, params string[] expected)
    {
        Assert.True(result.ExitCode == ExitCodes.Usage, "Expected exit code 2. " + result.Describe());
        foreach (var text in expected)
        {
            Assert.True(result.StandardError.Contains(text, StringComparison.Ordinal), $"Expected on standard error: {text}{Environment.NewLine}{result.Describe()}");
        }
    }
}
