using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Catalogue.Harness;
using EfSafeMigrations.Tests.Dialects.MySql.Pomelo;
using EfSafeMigrations.Tests.Running;
using static EfSafeMigrations.Tests.Catalogue.WritersDuringPhasesTests;

namespace EfSafeMigrations.Tests.Linting.Pomelo;

/// <summary><c>lint --server-version</c> of PostgreSQL's kind for a Pomelo context: a usage error, one line, nothing linted.</summary>
public sealed class MySqlServerVersionKindTests
{
    [Fact]
    public async Task A_postgresql_server_version_for_a_pomelo_context_is_a_usage_error_saying_what_to_give()
    {
        await using var context = CatalogueContext.Create(
            "Server=localhost;Database=no_database_lint_only", new CatalogueModel("pomelo:lint-version", m => Customers(m), PomeloProvider.Value.Use), safeMigrations: true);
        var events = new RecordingEvents();
        var request = new RunnerRequest { Command = RunnerCommand.Lint, Assembly = "in-process", ServerVersion = 15 };

        var refusal = await Assert.ThrowsAsync<RunnerRefusal>(() => new SafeMigrationRunner(context, request.Settings, events).RunAsync(request, CancellationToken.None));

        Assert.Equal(
            (ExitCodes.Usage, "--server-version 15 is a PostgreSQL major version, but CatalogueContext uses Pomelo.EntityFrameworkCore.MySql: give a MySQL or MariaDB version such as 8.0.36-mysql or 10.11-mariadb."),
            (refusal.ExitCode, refusal.Message));
        Assert.Empty(events.All.OfType<LintEvent>());
    }
}
