using Microsoft.EntityFrameworkCore;
using static EfSafeMigrations.Tests.Staging.StagingScenario;

namespace EfSafeMigrations.Tests.Staging.Rules;

public sealed class IndexAndConstraintRulesTests
{
    [Fact]
    public void New_index_and_unique_index_are_built_in_expand()
    {
        var plan = Stage(
            People(["Name", "Email"]),
            People(["Name", "Email"], m =>
            {
                m.Entity<Person>().HasIndex(p => p.Name);
                m.Entity<Person>().HasIndex(p => p.Email).IsUnique();
            }));

        PlanAssert.Phases(
            plan,
            expand: ["CreateIndex IX_People_Email on People(Email) unique", "CreateIndex IX_People_Name on People(Name)"],
            backfill: [],
            contract: []);
    }

    [Fact]
    public void Dropped_index_goes_to_contract()
    {
        var plan = Stage(People(["Name"], m => m.Entity<Person>().HasIndex(p => p.Name)), People(["Name"]));

        PlanAssert.Phases(plan, expand: [], backfill: [], contract: ["DropIndex IX_People_Name"]);
        PlanAssert.Down(plan, MigrationPhase.Contract, "CreateIndex IX_People_Name on People(Name)");
    }

    [Fact]
    public void Check_constraint_is_added_not_valid_and_validated_in_contract()
    {
        var plan = Stage(
            People(["Score"]),
            People(["Score"], m => m.Entity<Person>().ToTable(t => t.HasCheckConstraint("CK_People_Score", "\"Score\" >= 0"))));

        PlanAssert.Phases(plan, expand: [], backfill: [], contract: ["AddCheckConstraint CK_People_Score NOT VALID", "ValidateConstraint CK_People_Score"]);
    }

    [Fact]
    public void Unique_constraint_is_added_in_expand()
    {
        var plan = Stage(People(["Name", "Email"]), People(["Name", "Email"], m => m.Entity<Person>().HasAlternateKey(p => p.Name)));

        PlanAssert.Phases(plan, expand: ["AddUniqueConstraint AK_People_Name"], backfill: [], contract: []);
    }

    [Fact]
    public void Dropped_constraints_go_to_expand_and_their_down_re_adds_them()
    {
        var plan = Stage(
            People(["Name", "Score"], m =>
            {
                m.Entity<Person>().HasAlternateKey(p => p.Name);
                m.Entity<Person>().ToTable(t => t.HasCheckConstraint("CK_People_Score", "\"Score\" >= 0"));
            }),
            People(["Name", "Score"]));

        PlanAssert.Phases(plan, expand: ["DropUniqueConstraint AK_People_Name", "DropCheckConstraint CK_People_Score"], backfill: [], contract: []);
        PlanAssert.Down(plan, MigrationPhase.Expand, "AddCheckConstraint CK_People_Score", "AddUniqueConstraint AK_People_Name");
    }

    [Fact]
    public void Seed_data_inserts_in_expand_updates_in_backfill_deletes_in_contract()
    {
        var before = People(["Name"], m => m.Entity<Person>().HasData(new Person { Id = 1, Name = "a" }, new Person { Id = 2, Name = "b" }));
        var after = People(["Name"], m => m.Entity<Person>().HasData(new Person { Id = 1, Name = "A" }, new Person { Id = 3, Name = "c" }));

        var plan = Stage(before, after);

        PlanAssert.Phases(plan, expand: ["InsertData People"], backfill: ["UpdateData People"], contract: ["DeleteData People"]);
        PlanAssert.Down(plan, MigrationPhase.Expand, "DeleteData People");
        PlanAssert.Down(plan, MigrationPhase.Contract, "InsertData People");
    }
}
