using EfSafeMigrations.Staging;
using Microsoft.EntityFrameworkCore;
using static EfSafeMigrations.Tests.Staging.StagingScenario;

namespace EfSafeMigrations.Tests.Staging.Rules;

public sealed class RenameColumnRuleTests
{
    [Fact]
    public void Renamed_column_is_added_synced_copied_and_the_old_one_dropped_in_contract()
    {
        var plan = Stage(
            People(["Name", "Email"], m => m.Entity<Person>().HasIndex(p => p.Email)),
            People(["Name", "Email"], m => m.Entity<Person>(p =>
            {
                p.Property(x => x.Email).HasColumnName("EmailAddress");
                p.HasIndex(x => x.Email);
            })));

        PlanAssert.Phases(
            plan,
            expand:
            [
                "AddColumn People.EmailAddress text NULL",
                "AddRenameSyncTrigger People.Email <-> EmailAddress",
                "CreateIndex IX_People_EmailAddress on People(EmailAddress)",
            ],
            backfill: ["Backfill People.EmailAddress = \"Email\" by (Id)"],
            contract: ["DropIndex IX_People_Email", "DropRenameSyncTrigger People.Email <-> EmailAddress", "DropColumn People.Email"]);
        PlanAssert.Down(
            plan,
            MigrationPhase.Expand,
            "DropIndex IX_People_EmailAddress",
            "DropRenameSyncTrigger People.Email <-> EmailAddress",
            "DropColumn People.EmailAddress");
    }

    [Fact]
    public void Required_renamed_column_gets_not_null_the_safe_way_while_the_triggers_run_and_loses_them_with_the_old_column()
    {
        var plan = Stage(
            People(["Name"]),
            People(["Name"], m => m.Entity<Person>().Property(x => x.Name).HasColumnName("DisplayName").HasDefaultValue("anonymous")));

        PlanAssert.Phases(
            plan,
            expand: ["AddColumn People.DisplayName text NULL", "AddRenameSyncTrigger People.Name <-> DisplayName"],
            backfill: ["Backfill People.DisplayName = \"Name\" by (Id)"],
            contract:
            [
                "SetNotNull People.DisplayName",
                "AlterColumn People.DisplayName text NOT NULL DEFAULT 'anonymous'",
                "DropRenameSyncTrigger People.Name <-> DisplayName",
                "DropColumn People.Name",
            ]);
    }

    [Fact]
    public void Renaming_a_primary_key_column_is_refused_with_the_recipe()
    {
        var error = Assert.Throws<UnsafeMigrationException>(() => Stage(
            People(["Name"]),
            People(["Name"], m => m.Entity<Person>().Property(x => x.Id).HasColumnName("PersonId"))));

        Assert.Contains("People.Id", error.Message);
        Assert.Contains("HasColumnName(\"Id\")", error.Message);
    }
}
