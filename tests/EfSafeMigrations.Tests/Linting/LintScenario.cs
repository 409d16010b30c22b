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
