using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Tests.Running.Fixtures;

[DbContext(typeof(RunnerFixtureContext))]
[Migration("20260101000001_Label_Expand")]
[MigrationPhase(MigrationPhase.Expand)]
public sealed class M1_Label_Expand : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Label", table: "Items", type: "text", nullable: true);
        migrationBuilder.AddFillTrigger(table: "Items", column: "Label", valueSql: "upper(\"Name\")", recomputeOnUpdate: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropFillTrigger(table: "Items", column: "Label");
        migrationBuilder.DropColumn(name: "Label", table: "Items");
    }
}
