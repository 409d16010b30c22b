using EfSafeMigrations.Staging;
using Microsoft.EntityFrameworkCore;
using static EfSafeMigrations.Tests.Staging.StagingScenario;

namespace EfSafeMigrations.Tests.Staging.Rules;

public sealed class AlterColumnRuleTests
{
    [Fact]
    public void Nullable_to_not_null_fills_writes_backfills_then_sets_not_null_the_safe_way()
    {
        var plan = Stage(
            People(["Nickname"]),
            People(["Nickname"], m => m.Entity<Person>().Property(p => p.Nickname).IsRequired()));

        PlanAssert.Phases(
            plan,
            expand: ["AddFillTrigger People.Nickname = ''"],
            backfill: ["Backfill People.Nickname = '' by (Id)"],
            contract: ["SetNotNull People.Nickname", "AlterColumn People.Nickname text NOT NULL DEFAULT ''", "DropFillTrigger People.Nickname"]);
        PlanAssert.Down(plan, MigrationPhase.Contract, "AddFillTrigger People.Nickname = ''", "AlterColumn People.Nickname text NULL");
    }

    [Fact]
    public void Nullable_to_not_null_uses_the_backfill_expression_when_the_model_has_one()
    {
        var plan = Stage(
            People(["Name", "Nickname"]),
            People(["Name", "Nickname"], m => m.Entity<Person>().Property(p => p.Nickname).IsRequired().HasBackfillSql("lower(\"Name\")")));

        Assert.Equal(["AddFillTrigger People.Nickname = lower(\"Name\")"], OperationDescriptions.Describe(plan.Up(MigrationPhase.Expand)));
        Assert.Equal(["Backfill People.Nickname = lower(\"Name\") by (Id)"], OperationDescriptions.Describe(plan.Up(MigrationPhase.Backfill)));
    }

    [Fact]
    public void Metadata_only_type_change_is_altered_in_expand()
    {
        var plan = Stage(
            People(["Name"], m => m.Entity<Person>().Property(p => p.Name).HasMaxLength(50)),
            People(["Name"], m => m.Entity<Person>().Property(p => p.Name).HasMaxLength(100)));

        PlanAssert.Phases(plan, expand: ["AlterColumn People.Name character varying(100) NOT NULL"], backfill: [], contract: []);
        PlanAssert.Down(plan, MigrationPhase.Expand, "AlterColumn People.Name character varying(50) NOT NULL");
    }

    [Fact]
    public void Not_null_to_nullable_and_a_new_default_are_altered_in_expand()
    {
        var plan = Stage(
            People(["Name"]),
            People(["Name"], m => m.Entity<Person>().Property(p => p.Name).IsRequired(false).HasDefaultValue("n/a")));

        PlanAssert.Phases(plan, expand: ["AlterColumn People.Name text NULL DEFAULT 'n/a'"], backfill: [], contract: []);
    }

    [Fact]
    public void Rewriting_type_change_is_refused_with_table_column_and_recipe()
    {
        var error = Assert.Throws<UnsafeMigrationException>(() => Stage(
            People(["Score"]),
            People(["Score"], m => m.Entity<Person>().Property(p => p.Score).HasColumnType("bigint"))));

        Assert.Contains("People.Score", error.Message);
        Assert.Contains("from integer to bigint", error.Message);
        Assert.Contains("add a new property and column", error.Message);
        Assert.Contains(".IsSafetyAssured(", error.Message);
    }

    [Fact]
    public void Rewriting_type_change_goes_to_expand_when_safety_is_assured()
    {
        var plan = Stage(
            People(["Score"]),
            People(["Score"], m => m.Entity<Person>().Property(p => p.Score).HasColumnType("bigint").IsSafetyAssured("the table holds 40 rows")));

        PlanAssert.Phases(plan, expand: ["AlterColumn People.Score bigint NOT NULL"], backfill: [], contract: []);
        Assert.Contains("safety assured: the table holds 40 rows", plan.Steps.Single().Reason);
    }
}
