using Microsoft.EntityFrameworkCore.Migrations.Operations;
using static EfSafeMigrations.Tests.Linting.LintScenario;

namespace EfSafeMigrations.Tests.Linting.Rules;

/// <summary>ESM0009-ESM0012: changes that break the old version belong in Contract.</summary>
public sealed class PhaseRulesTests
{
    public static TheoryData<string, MigrationOperation> Breaking() => new()
    {
        { "ESM0009", new RenameColumnOperation { Table = "People", Name = "Email", NewName = "EmailAddress" } },
        { "ESM0010", new DropColumnOperation { Table = "People", Name = "Phone" } },
        { "ESM0011", new RenameTableOperation { Name = "Teams", NewName = "Squads" } },
        { "ESM0012", new DropTableOperation { Name = "Teams" } },
    };

    [Theory]
    [MemberData(nameof(Breaking))]
    public void Outside_a_contract_it_is_reported_naming_the_phase(string code, MigrationOperation operation)
    {
        Assert.Contains("in an Expand migration: the old app version", Single(Lint([operation], MigrationPhase.Expand), code).Message);
        Assert.Contains("in a migration that is not staged", Single(Lint([operation]), code).Message);
    }

    [Theory]
    [MemberData(nameof(Breaking))]
    public void In_a_contract_or_suppressed_it_is_silent(string code, MigrationOperation operation)
    {
        Assert.Empty(Lint([operation], MigrationPhase.Contract));
        Assert.Empty(Lint([operation], MigrationPhase.Expand, suppressed: [code]));
        Assert.Empty(Lint([Suppressed(operation, code)], MigrationPhase.Expand));
    }
}
