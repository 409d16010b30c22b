using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Linting.History;
using EfSafeMigrations.Tests.Running;

namespace EfSafeMigrations.Tests.Linting;

/// <summary>
/// `safe-migrate lint` over a history with the shapes of a real one (<see cref="HistoryContext"/>): every finding has
/// the right code, wording and line, and nothing right is reported.
/// </summary>
public sealed class HistoryLintTests
{
    private const string Nowhere = "Host=127.0.0.1;Port=1;Database=none;Username=x;Password=y";

    [Fact]
    public async Task Each_finding_is_at_its_call_and_the_summary_counts_them()
    {
        var findings = await LintAsync();
        (string Code, string MigrationId, string Line)[] expected =
            [
                ("ESM0007", "20260301000000_ManyAlterColumns", "migrationBuilder.AlterColumn<DateTime>(name: \"PlacedAt\""),
                ("ESM0007", "20260301000000_ManyAlterColumns", "migrationBuilder.AlterColumn<DateTime>(name: \"ShippedAt\""),
                ("ESM0007", "20260301000000_ManyAlterColumns", "migrationBuilder.AlterColumn<string>(name: \"Code\""),
                ("ESM0007", "20260301000000_ManyAlterColumns", "migrationBuilder.AlterColumn<long>(name: \"Total\""),
                ("ESM0013", "20260301000001_RawSqlBlocks", "migrationBuilder.Sql(@\""),
                ("ESM0013", "20260301000001_RawSqlBlocks", "migrationBuilder.Sql(\"CREATE INDEX"),
                ("ESM0013", "20260301000001_RawSqlBlocks", "migrationBuilder.Sql(\"\"\""),
                ("ESM0009", "20260301000002_RenamesAndDrops", "migrationBuilder.RenameColumn(name: \"Email\""),
                ("ESM0010", "20260301000002_RenamesAndDrops", "migrationBuilder.DropColumn(name: \"Fax\""),
                ("ESM0011", "20260301000002_RenamesAndDrops", "migrationBuilder.RenameTable(name: \"Vendors\""),
                ("ESM0012", "20260301000002_RenamesAndDrops", "migrationBuilder.DropTable(name: \"LegacyAudit\""),
                ("ESM0013", "20260301000003_ArchiveFromScript", "protected override void Up("),
                ("ESM0019", "20260301000003_ArchiveFromScript", "migrationBuilder.Sql(File.ReadAllText("),
            ];

        Assert.Equal(expected.Select(e => (e.Code, e.MigrationId)), findings.Events.Select(f => (f.Code, f.MigrationId)));
        foreach (var (finding, line) in findings.Events.Zip(expected.Select(e => e.Line)))
        {
            var located = File.ReadAllLines(finding.File!)[finding.Line!.Value - 1].Trim();
            Assert.True(located.StartsWith(line, StringComparison.Ordinal), $"{finding.Code} of {finding.MigrationId} is at line {finding.Line}, `{located}`; expected the line starting `{line}`.");
        }

        Assert.Equal(Path.Combine(HistoryContext.Folder, "20260301000001_RawSqlBlocks.cs"), findings.Events[4].File);
        Assert.Equal(
            (1, "4 migrations linted: 12 errors, 1 warnings (the context does not use UseSafeMigrations(), so index and constraint builds are checked too)."),
            (findings.Result.ExitCode, findings.Result.Message));
    }

    [Fact]
    public async Task Many_alter_columns_each_worded_for_what_postgresql_does()
    {
        var events = (await LintAsync()).Events.Where(f => f.MigrationId == "20260301000000_ManyAlterColumns").ToList();

        Assert.Equal(["PlacedAt", "ShippedAt", "Code", "Total"], events.Select(f => f.Column));
        Assert.All(events.Take(2), f => Assert.Contains("under TimeZone UTC, PostgreSQL 12 and later change only the catalogue", f.Message));
        Assert.StartsWith("If every stored value is UTC, say so: .HasValuesInUtc()", events[0].Fix);
        Assert.Contains("from text to character varying(20) checks every value's length and rewrites the table", events[2].Message);
        Assert.Contains("char_length(\\\"Code\\\") <= 20", events[2].Fix);
        Assert.Contains("from integer to bigint rewrites the table and its indexes", events[3].Message);
    }

    [Fact]
    public async Task Bulk_updates_in_raw_sql_blocks_are_reported_and_a_keyed_update_is_not()
    {
        var events = (await LintAsync()).Events.Where(f => f.MigrationId == "20260301000001_RawSqlBlocks").ToList();

        Assert.Equal(
            [
                "Raw SQL: UPDATE ... WHERE changes every matching row in the migration's one transaction and holds their row locks until it commits: the app's writes to those rows wait, for as long as the whole statement takes.",
                "Raw SQL: CREATE INDEX without CONCURRENTLY blocks writes for the whole build.",
                "Raw SQL: UPDATE ... WHERE changes every matching row in the migration's one transaction and holds their row locks until it commits: the app's writes to those rows wait, for as long as the whole statement takes.",
            ],
            events.Select(f => f.Message));
        Assert.All([events[0], events[2]], f => Assert.StartsWith("If it fills a column where it is NULL, use migrationBuilder.Backfill(table, column, valueSql, keyColumns) in a Backfill migration", f.Fix));
    }

    [Fact]
    public async Task Sql_read_from_a_script_file_is_linted_and_named_as_not_in_the_source()
    {
        var events = (await LintAsync()).Events.Where(f => f.MigrationId == "20260301000003_ArchiveFromScript").ToList();

        Assert.Equal(("ESM0013", "error"), (events[0].Code, events[0].Severity));
        Assert.StartsWith("Raw SQL: DELETE ... WHERE changes every matching row", events[0].Message);
        Assert.Equal(("ESM0019", "warning"), (events[1].Code, events[1].Severity));
        Assert.StartsWith("Raw SQL starting \"-- Archive orders placed more than a year ago.\" is not written in the migration's source file", events[1].Message);
    }

    [Fact]
    public async Task Without_the_project_folder_the_script_cannot_be_told_from_inline_sql_and_nothing_is_located()
    {
        var findings = await LintAsync(projectDir: null);

        Assert.DoesNotContain(findings.Events, f => f.Code == "ESM0019");
        Assert.All(findings.Events, f => Assert.Equal((null, null), (f.File, f.Line)));
        Assert.Equal(12, findings.Events.Count);
    }

    [Fact]
    public async Task A_mysql_server_version_for_a_postgresql_context_is_a_usage_error()
    {
        await using var context = HistoryContext.Create(Nowhere);
        var request = new RunnerRequest { Command = RunnerCommand.Lint, Assembly = "in-process", MySqlServerVersion = "10.11-mariadb" };

        var refusal = await Assert.ThrowsAsync<RunnerRefusal>(() => new SafeMigrationRunner(context, request.Settings, new RecordingEvents()).RunAsync(request, CancellationToken.None));

        Assert.Equal(
            (2, "--server-version 10.11-mariadb is a MySQL or MariaDB version, but HistoryContext uses Npgsql.EntityFrameworkCore.PostgreSQL: give the PostgreSQL server's major version, for example 15."),
            (refusal.ExitCode, refusal.Message));
    }

    private static async Task<(IReadOnlyList<LintEvent> Events, ResultEvent Result)> LintAsync(string? projectDir = "")
    {
        var events = new RecordingEvents();
        await using var context = HistoryContext.Create(Nowhere);
        var request = new RunnerRequest { Command = RunnerCommand.Lint, Assembly = "in-process", ProjectDir = projectDir == "" ? HistoryContext.Folder : projectDir };
        await new SafeMigrationRunner(context, request.Settings, events).RunAsync(request, CancellationToken.None);
        return (events.All.OfType<LintEvent>().ToList(), events.Result);
    }
}
