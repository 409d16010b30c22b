namespace EfSafeMigrations.Tests.Phases;

public sealed class PhaseNamingTests
{
    [Theory]
    [InlineData("20261121070322_AddEmail_Expand", "20261121070322_AddEmail", MigrationPhase.Expand)]
    [InlineData("AddEmail_Backfill", "AddEmail", MigrationPhase.Backfill)]
    [InlineData("Add_Contract_Contract", "Add_Contract", MigrationPhase.Contract)]
    public void Phase_migrations_split_into_group_and_phase(string name, string group, MigrationPhase phase)
        => Assert.Equal((group, phase), PhaseNaming.Parse(name));

    [Theory]
    [InlineData("Initial")]
    [InlineData("_Expand")]
    [InlineData("AddEmail_expand")]
    public void Other_names_are_not_phase_migrations(string name) => Assert.Null(PhaseNaming.Parse(name));
}
