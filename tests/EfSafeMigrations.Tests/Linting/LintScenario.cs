using EfSafeMigrations.Dialects;
using EfSafeMigrations.Linting;
using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Tests.Linting;

/// <summary>Lints one migration made of the given operations.</summary>
public static class LintScenario
{
    public const string Migration = "20261121000000_Change";

    public static IReadOnlyList<LintDiagnostic> Lint(
        MigrationOperation[] operations, MigrationPhase? phase = null, bool onlineDdl = false, int? serverVersion = 15, string[]? suppressed = null)
        => new Linter().Lint(
            [new LintTarget(Migration, phase, operations, (suppressed ?? []).ToHashSet())],
            new LintSettings(DatabaseDialects.PostgreSql, serverVersion, onlineDdl));

    /// <summary>Lints one migration for a MySQL or MariaDB database (Pomelo's provider), optionally of a given server release such as <c>10.3-mariadb</c>.</summary>
    public static IReadOnlyList<LintDiagnostic> LintMySql(
        MigrationOperation[] operations, MigrationPhase? phase = null, bool onlineDdl = false, string? server = null, string[]? suppressed = null)
        => new Linter().Lint(
            [new LintTarget(Migration, phase, operations, (suppressed ?? []).ToHashSet())],
            new LintSettings(DatabaseDialects.MySql, null, onlineDdl) { MySqlServer = server == null ? null : Release(server) });

    /// <summary>The release written in <paramref name="text"/>.</summary>
    public static MySqlServerRelease Release(string text)
        => MySqlServerRelease.TryParse(text, out var release) ? release : throw new ArgumentException($"'{text}' is not a MySQL or MariaDB release.", nameof(text));

    /// <summary>The operation with the rule suppressed on it, as <c>.SuppressSafeMigrationRule(code, reason)</c> does.</summary>
    public static T Suppressed<T>(T operation, string code)
        where T : MigrationOperation
    {
        operation.AddAnnotation(SafeAnnotationNames.Suppress + code, "the test says so");
        return operation;
    }

    public static LintDiagnostic Single(IReadOnlyList<LintDiagnostic> diagnostics, string code)
    {
        Assert.Equal([code], diagnostics.Select(d => d.Code));
        return diagnostics[0];
    }
}
