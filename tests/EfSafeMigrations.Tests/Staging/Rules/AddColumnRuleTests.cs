using EfSafeMigrations.Staging;
using Microsoft.EntityFrameworkCore;
using static EfSafeMigrations.Tests.Staging.StagingScenario;

namespace EfSafeMigrations.Tests.Staging.Rules;

public sealed class AddColumnRuleTests
{
    [Fact]
    public void Nullable_column_is_added_in_expand_only()
    {
        var plan = Stage(People(["Name"]), People(["Name", "Email"]));

        PlanAssert.Phases(plan, expand: ["AddColumn People.Email text NULL"], backfill: [], contract: []);
        PlanAssert.Down(plan, MigrationPhase.Expand, "DropColumn People.Email");
    }

    [Fact]
    public void Required_column_without_default_keeps_efs_clr_default_in_expand()
    {
        var plan = Stage(People(["Name"]), People(["Name", "Score"]));

        PlanAssert.Phases(plan, expand: ["AddColumn People.Score integer NOT NULL DEFAULT '0'"], backfill: [], contract: []);
        Assert.Contains("existing rows and the old version's inserts get that value", plan.Steps.Single().Reason);
    }

    [Fact]
    public void Required_column_with_volatile_default_is_added_nullable_backfilled_and_made_not_null_in_contract()
    {
        var plan = Stage(
            People(["Name"]),
            People(["Name", "PublicId"], m => m.Entity<Person>().Property(p => p.PublicId).HasDefaultValueSql("gen_random_uuid()")));

        PlanAssert.Phases(
            plan,
            expand: ["AddColumn People.PublicId uuid NULL", "AlterColumn People.PublicId uuid NULL DEFAULT gen_random_uuid()"],
            backfill: ["Backfill People.PublicId = gen_random_uuid() by (Id)"],
            contract: ["SetNotNull People.PublicId", "AlterColumn People.PublicId uuid NOT NULL DEFAULT gen_random_uuid()"]);
        PlanAssert.Down(plan, MigrationPhase.Expand, "DropColumn People.PublicId");
        PlanAssert.Down(plan, MigrationPhase.Contract, "AlterColumn People.PublicId uuid NULL");
    }

    [Fact]
    public void Required_column_with_stable_default_is_added_in_expand()
    {
        var plan = Stage(
            People(["Name"]),
            People(["Name", "PublicId"], m => m.Entity<Person>().Property(p => p.PublicId).HasDefaultValueSql("'00000000-0000-0000-0000-000000000000'::uuid")));

        PlanAssert.Phases(plan, expand: ["AddColumn People.PublicId uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000'::uuid"], backfill: [], contract: []);
    }

    [Fact]
    public void Computed_column_gets_a_trigger_a_backfill_and_not_null_in_contract()
    {
        var plan = Stage(
            People(["FirstName", "LastName"]),
            People(["FirstName", "LastName", "FullName"], m => m.Entity<Person>().Property(p => p.FullName).HasBackfillSql("\"FirstName\" || ' ' || \"LastName\"")));

        PlanAssert.Phases(
            plan,
            expand: ["AddColumn People.FullName text NULL", "AddFillTrigger People.FullName = \"FirstName\" || ' ' || \"LastName\" recompute"],
            backfill: ["Backfill People.FullName = \"FirstName\" || ' ' || \"LastName\" by (Id)"],
            contract: ["SetNotNull People.FullName", "AlterColumn People.FullName text NOT NULL DEFAULT ''", "DropFillTrigger People.FullName"]);
        PlanAssert.Down(plan, MigrationPhase.Expand, "DropFillTrigger People.FullName", "DropColumn People.FullName");
        PlanAssert.Down(plan, MigrationPhase.Contract, "AddFillTrigger People.FullName = \"FirstName\" || ' ' || \"LastName\" recompute", "AlterColumn People.FullName text NULL");
    }

    [Fact]
    public void Computed_column_without_expression_stages_the_placeholder()
    {
        var plan = Stage(
            People(["FirstName"]),
            People(["FirstName", "FullName"], m => m.Entity<Person>().Property(p => p.FullName).HasBackfillSql()));

        var backfill = Assert.IsType<EfSafeMigrations.Operations.BackfillOperation>(Assert.Single(plan.Up(MigrationPhase.Backfill)));
        Assert.Equal(BackfillSql.PlaceholderValue, backfill.ValueSql);
    }
}
