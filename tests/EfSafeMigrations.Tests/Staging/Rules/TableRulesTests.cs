using EfSafeMigrations.Staging;
using Microsoft.EntityFrameworkCore;
using static EfSafeMigrations.Tests.Staging.StagingScenario;

namespace EfSafeMigrations.Tests.Staging.Rules;

public sealed class TableRulesTests
{
    private static readonly Action<ModelBuilder> WithTeams = m => m.Entity<Team>().ToTable("Teams");

    [Fact]
    public void New_table_with_index_and_foreign_key_is_created_in_expand()
    {
        var plan = Stage(
            People(["Name"]),
            People(["Name", "TeamId"], m =>
            {
                WithTeams(m);
                m.Entity<Person>().HasOne<Team>().WithMany().HasForeignKey(p => p.TeamId);
            }));

        PlanAssert.Phases(
            plan,
            expand:
            [
                "AddColumn People.TeamId integer NULL",
                "CreateTable Teams",
                "CreateIndex IX_People_TeamId on People(TeamId)",
                "AddForeignKey FK_People_Teams_TeamId NOT VALID",
            ],
            backfill: ["ValidateConstraint FK_People_Teams_TeamId"],
            contract: []);
        PlanAssert.Down(plan, MigrationPhase.Expand, "DropForeignKey FK_People_Teams_TeamId", "DropIndex IX_People_TeamId", "DropTable Teams", "DropColumn People.TeamId");
    }

    [Fact]
    public void Dropped_table_goes_to_contract_and_its_down_recreates_it()
    {
        var plan = Stage(People(["Name"], WithTeams), People(["Name"]));

        PlanAssert.Phases(plan, expand: [], backfill: [], contract: ["DropTable Teams"]);
        PlanAssert.Down(plan, MigrationPhase.Contract, "CreateTable Teams");
    }

    [Fact]
    public void Renamed_table_gets_a_view_in_expand_and_is_renamed_with_its_key_in_contract()
    {
        var plan = Stage(People(["Name"], WithTeams), People(["Name"], m => m.Entity<Team>().ToTable("Squads")));

        PlanAssert.Phases(
            plan,
            expand: ["CreateRenameView Squads over Teams"],
            backfill: [],
            contract: ["DropRenameView Squads", "RenameTable Teams -> Squads", "RenameConstraint PK_Teams -> PK_Squads"]);
        PlanAssert.Down(plan, MigrationPhase.Expand, "DropRenameView Squads");
        PlanAssert.Down(plan, MigrationPhase.Contract, "RenameConstraint PK_Squads -> PK_Teams", "RenameTable Squads -> Teams", "CreateRenameView Squads over Teams");
    }

    [Fact]
    public void Renamed_table_with_other_changes_to_it_is_refused_with_what_to_do()
    {
        var error = Assert.Throws<UnsafeMigrationException>(() => Stage(
            People(["Name"], WithTeams),
            People(["Name"], m => m.Entity<Team>().ToTable("Squads").HasIndex(t => t.Title))));

        Assert.Contains("Table Teams is renamed to Squads in the same change as other changes to it (CreateIndex)", error.Message);
        Assert.Contains("Rename the table in a change of its own", error.Message);
    }

    [Fact]
    public void Dropped_required_column_gets_its_clr_default_in_expand_and_is_dropped_in_contract()
    {
        var plan = Stage(People(["Name", "Score"]), People(["Name"]));

        PlanAssert.Phases(plan, expand: ["AlterColumn People.Score integer NOT NULL DEFAULT '0'"], backfill: [], contract: ["DropColumn People.Score"]);
        PlanAssert.Down(plan, MigrationPhase.Expand, "AlterColumn People.Score integer NOT NULL");
        PlanAssert.Down(plan, MigrationPhase.Contract, "AddColumn People.Score integer NOT NULL DEFAULT '0'");
    }

    [Fact]
    public void Dropped_required_column_under_a_unique_index_is_made_nullable_instead()
    {
        var plan = Stage(People(["Name", "Score"], m => m.Entity<Person>().HasIndex(p => p.Score).IsUnique()), People(["Name"]));

        PlanAssert.Phases(plan, expand: ["AlterColumn People.Score integer NULL"], backfill: [], contract: ["DropIndex IX_People_Score", "DropColumn People.Score"]);
        PlanAssert.Down(plan, MigrationPhase.Expand, "SetNotNull People.Score");
    }

    [Fact]
    public void Dropped_nullable_column_only_goes_to_contract()
    {
        var plan = Stage(People(["Name", "Email"]), People(["Name"]));

        PlanAssert.Phases(plan, expand: [], backfill: [], contract: ["DropColumn People.Email"]);
    }
}
