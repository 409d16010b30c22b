using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Running.Fixtures;
using EfSafeMigrations.Tests.TestInfrastructure;
using Shop;

namespace EfSafeMigrations.Tests.Running;

/// <summary>`safe-migrate lint` in the runner: the app's compiled migrations, no database.</summary>
public sealed class RunnerLintTests
{
    private const string Nowhere = "Host=127.0.0.1;Port=1;Database=none;Username=x;Password=y";

    [Fact]
    public async Task The_sample_has_one_warning_located_at_its_file_and_line()
    {
        var events = await LintAsync(() => new ShopContext(ShopContext.Options(Nowhere)), Path.Combine(RepositoryPaths.Root, "samples", "Shop"));

        var finding = Assert.Single(events.All.OfType<LintEvent>());
        Assert.Equal(("ESM0015", "warning", "20261121074356_CustomerDetails_Expand", "Tier"), (finding.Code, finding.Severity, finding.MigrationId, finding.Column));
        Assert.EndsWith("samples/Shop/Migrations/20261121074356_CustomerDetails_Expand.cs", finding.File);
        Assert.Contains("name: \"Tier\"", File.ReadAllLines(finding.File!)[finding.Line!.Value - 1]);
        Assert.Equal((0, "4 migrations linted: 0 errors, 1 warnings."), (events.Result.ExitCode, events.Result.Message));
    }

    [Fact]
    public async Task An_error_fails_the_lint()
    {
        var events = await LintAsync(() => BrokenFixtureContext.Create(Nowhere), projectDir: null);

        Assert.Contains(events.All.OfType<LintEvent>(), f => f is { Code: "ESM0014", Severity: "error", Table: "Notes", Column: "Upper", File: null });
        Assert.Equal(ExitCodes.Failed, events.Result.ExitCode);
    }

    private static async Task<RecordingEvents> LintAsync(Func<Microsoft.EntityFrameworkCore.DbContext> create, string? projectDir)
    {
        var events = new RecordingEvents();
        await using var context = create();
        var request = new RunnerRequest { Command = RunnerCommand.Lint, Assembly = "in-process", ProjectDir = projectDir };
        await new SafeMigrationRunner(context, request.Settings, events).RunAsync(request, CancellationToken.None);
        return events;
    }
}
