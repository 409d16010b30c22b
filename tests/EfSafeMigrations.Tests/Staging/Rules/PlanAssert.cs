using EfSafeMigrations.Staging;
using static EfSafeMigrations.Tests.Staging.OperationDescriptions;

namespace EfSafeMigrations.Tests.Staging.Rules;

/// <summary>Asserts a staged plan phase by phase.</summary>
public static class PlanAssert
{
    public static void Phases(StagingPlan plan, string[] expand, string[] backfill, string[] contract)
    {
        Assert.Equal(expand, Describe(plan.Up(MigrationPhase.Expand)));
        Assert.Equal(backfill, Describe(plan.Up(MigrationPhase.Backfill)));
        Assert.Equal(contract, Describe(plan.Up(MigrationPhase.Contract)));
    }

    public static void Down(StagingPlan plan, MigrationPhase phase, params string[] expected)
        => Assert.Equal(expected, Describe(plan.Down(phase)));
}
