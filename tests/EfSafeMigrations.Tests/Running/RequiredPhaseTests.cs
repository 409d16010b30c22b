using EfSafeMigrations.Deployment;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tests.Running;

/// <summary><c>status --require</c>: which groups are behind the required state, and what to run.</summary>
public sealed class RequiredPhaseTests
{
    [Fact]
    public void A_group_is_backfilled_when_its_expand_and_backfill_are_applied_and_one_without_a_backfill_when_its_expand_is()
    {
        var groups = new[]
        {
            Group("Label", (MigrationPhase.Expand, true), (MigrationPhase.Backfill, true), (MigrationPhase.Contract, false)),
            Group("Extra", (MigrationPhase.Expand, true)),
        };

        var (exitCode, message) = RequiredPhase.Check(groups, MigrationPhase.Backfill);

        Assert.Equal(ExitCodes.Done, exitCode);
        Assert.Equal("Every group is backfilled (2 groups).", message);
    }

    [Fact]
    public void Groups_behind_are_named_with_their_pending_phases_and_the_commands_in_order()
    {
        var groups = new[]
        {
            Group("Label", (MigrationPhase.Expand, true), (MigrationPhase.Backfill, false), (MigrationPhase.Contract, false)),
            Group("Extra", (MigrationPhase.Expand, false)),
            Group("Done", (MigrationPhase.Expand, true), (MigrationPhase.Contract, true)),
        };

        var (exitCode, message) = RequiredPhase.Check(groups, MigrationPhase.Backfill);

        Assert.Equal(ExitCodes.Refused, exitCode);
        Assert.Equal(
            "Not every group is backfilled: Label (Backfill pending), Extra (Expand pending). "
            + "Run 'dotnet safe-migrate phase expand', then 'dotnet safe-migrate phase backfill'.",
            message);
    }

    [Fact]
    public void Contracted_needs_every_phase_and_expanded_only_the_expand()
    {
        var groups = new[] { Group("Label", (MigrationPhase.Expand, true), (MigrationPhase.Backfill, false), (MigrationPhase.Contract, false)) };

        Assert.Equal((ExitCodes.Done, "Every group is expanded (1 group)."), RequiredPhase.Check(groups, MigrationPhase.Expand));
        Assert.Equal(
            (ExitCodes.Refused, "Not every group is contracted: Label (Backfill and Contract pending). Run 'dotnet safe-migrate phase backfill', then 'dotnet safe-migrate phase contract'."),
            RequiredPhase.Check(groups, MigrationPhase.Contract));
    }

    internal static GroupProgress Group(string name, params (MigrationPhase Phase, bool Applied)[] phases)
        => new(name, phases.Select((p, i) => (p.Phase, $"2026112100000{i}_{name}_{p.Phase}", p.Applied)).ToList());
}
