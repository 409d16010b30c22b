using System.Text.RegularExpressions;
using EfSafeMigrations.Tests.Design.EndToEnd;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Benchmarks;

/// <summary>
/// The commands benchmarks/README.md gives (<c>run.sh</c>, <c>run.sh flags</c>, <c>run-mariadb.sh</c>, <c>faults.sh</c>),
/// each on a small table and in a folder of the test's own: each starts and removes its own server and writes a report
/// with the parts a reader looks for; a wrong option is refused with exit code 2.
/// </summary>
public sealed class BenchmarkScriptTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    [Fact]
    [Trait("Category", "EndToEnd")]
    public Task The_benchmark_runs_every_copy_on_a_server_of_its_own_and_writes_a_report_with_the_goals_and_the_no_writer_rounds()
        => InOutputFolderAsync(async output =>
        {
            var run = await RunAsync(["--rows", "20000", "--writers", "2", "--quiet", "1", "--pause", "1", "--unloaded-rounds", "2", "--out", output]);

            Assert.True(run.Succeeded, run.Describe());
            Assert.Contains("plain and staged schemas are equal", run.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("round 2: staged Backfill ", run.StandardOutput, StringComparison.Ordinal);
            var report = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
            Assert.Contains("**20,000 rows**", report, StringComparison.Ordinal);
            Assert.Matches(@"Library: EfSafeMigrations [0-9a-f]{7}", report);
            Assert.Contains("## Goals (issue 12), as ratios of this run", report, StringComparison.Ordinal);
            foreach (var phase in new[] { "expand", "backfill", "contract" })
            {
                Assert.Contains($"| writers' max latency during {phase} |", report, StringComparison.Ordinal);
            }

            Assert.Equal(2, Regex.Matches(report, @"^\| [12]( \(median\))? \| (Backfill|`UPDATE`) \|", RegexOptions.Multiline).Count);
            Assert.Contains("| staged Backfill with no writers vs the single `UPDATE` after Expand |", report, StringComparison.Ordinal);
            Assert.Contains("## Backfill batches", report, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(output, "latency-staged.dat")), "The picture's data was not written.");
        });

    [Fact]
    [Trait("Category", "EndToEnd")]
    public Task The_flags_benchmark_compares_a_deployment_flag_with_a_feature_from_configuration()
        => InOutputFolderAsync(async output =>
        {
            var run = await RunAsync(["flags", "--repetitions", "1", "--seconds", "1", "--warmup", "1", "--callers", "2", "--out", output]);

            Assert.True(run.Succeeded, run.Describe());
            var report = await File.ReadAllTextAsync(Path.Combine(output, "flags.md"));
            Assert.Contains("# Deployment flags benchmark", report, StringComparison.Ordinal);
            Assert.Matches(@"Cached deployment flag \(default 5 s\): [\d.,]+ [nµm]?s per call, [\d.,]+× the configuration feature's", report);
        });

    [Fact]
    [Trait("Category", "EndToEnd")]
    public Task The_MariaDB_benchmark_applies_the_change_plain_and_staged_and_finds_the_schemas_equal()
        => InOutputFolderAsync(async output =>
        {
            var run = await DotnetCli.RunProgramAsync(
                "bash", "bash", RepositoryPaths.Root, ["benchmarks/run-mariadb.sh", "--rows", "5000", "--writers", "2", "--quiet", "1", "--pause", "1", "--out", output],
                new Dictionary<string, string>(), [], Timeout);

            Assert.True(run.Succeeded, run.Describe());
            var report = await File.ReadAllTextAsync(Path.Combine(output, "report-mariadb.md"));
            Assert.Contains("**plain and staged are equal**", report, StringComparison.Ordinal);
            Assert.Contains("## Backfill rate", report, StringComparison.Ordinal);
        });

    [Fact]
    [Trait("Category", "EndToEnd")]
    public Task The_fault_run_survives_every_fault_with_nothing_lost()
        => InOutputFolderAsync(async output =>
        {
            var run = await DotnetCli.RunProgramAsync(
                "bash", "bash", RepositoryPaths.Root, ["benchmarks/faults.sh", "--customers", "40000", "--kills", "2", "--seed", "3", "--out", Path.Combine(output, "faults.md")],
                new Dictionary<string, string>(), [], Timeout);

            Assert.True(run.Succeeded, run.Describe());
            var report = await File.ReadAllTextAsync(Path.Combine(output, "faults.md"));
            Assert.Equal(6, Regex.Matches(report, @"^\| .+ \| survived, nothing lost \|$", RegexOptions.Multiline).Count);
        });

    [Fact]
    public async Task A_wrong_option_is_refused_with_exit_code_2_and_says_which()
    {
        var run = await RunAsync(["--rowz", "1000"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: Unknown option '--rowz'.", run.Output, StringComparison.Ordinal);
    }

    private static async Task InOutputFolderAsync(Func<string, Task> test)
    {
        var output = Directory.CreateTempSubdirectory("esm-bench-test-").FullName;
        try
        {
            await test(output);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static Task<CommandResult> RunAsync(IReadOnlyList<string> arguments)
        => DotnetCli.RunProgramAsync("bash", "bash", RepositoryPaths.Root, ["benchmarks/run.sh", .. arguments], new Dictionary<string, string>(), [], Timeout);
}
