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

    [Fact]
    public void Timestamp_to_timestamptz_is_refused_with_the_utc_path_named()
    {
        var error = Assert.Throws<UnsafeMigrationException>(() => Stage(
            People(["SeenAt"], m => m.Entity<Person>().Property(p => p.SeenAt).HasColumnType("timestamp without time zone")),
            People(["SeenAt"], m => m.Entity<Person>().Property(p => p.SeenAt).HasColumnType("timestamp with time zone"))));

        Assert.Contains("from timestamp without time zone to timestamp with time zone", error.Message);
        Assert.Contains(
            "If every stored value is UTC, mark the property .HasValuesInUtc() and scaffold again: the change then runs under TimeZone UTC without a rewrite (PostgreSQL 12+). ",
            error.Message);
    }

    [Fact]
    public void Timestamp_to_timestamptz_with_values_in_utc_is_altered_in_expand_under_utc_both_ways()
    {
        var plan = Stage(
            People(["SeenAt"], m => m.Entity<Person>().Property(p => p.SeenAt).HasColumnType("timestamp without time zone")),
            People(["SeenAt"], m => m.Entity<Person>().Property(p => p.SeenAt).HasColumnType("timestamp with time zone").HasValuesInUtc()));

        PlanAssert.Phases(plan, expand: ["AlterColumn People.SeenAt timestamp with time zone NOT NULL"], backfill: [], contract: []);
        PlanAssert.Down(plan, MigrationPhase.Expand, "AlterColumn People.SeenAt timestamp without time zone NOT NULL");
        Assert.Equal([true], plan.Up(MigrationPhase.Expand).Select(o => o[EfSafeMigrations.Operations.SafeAnnotationNames.ValuesInUtc]));
        Assert.Equal([true], plan.Down(MigrationPhase.Expand).Select(o => o[EfSafeMigrations.Operations.SafeAnnotationNames.ValuesInUtc]));
        Assert.Equal(
            "changes People.SeenAt from timestamp without time zone to timestamp with time zone reading the stored values as UTC (TimeZone UTC for the statement: "
            + "no table rewrite on PostgreSQL 12+, its indexes rebuilt); the old version's writes are converted with its session TimeZone",
            plan.Steps.Single().Reason);
    }
}
