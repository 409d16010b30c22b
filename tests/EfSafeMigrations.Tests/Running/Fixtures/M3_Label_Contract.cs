using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Tests.Running.Fixtures;

[DbContext(typeof(RunnerFixtureContext))]
[Migration("20260101000003_Label_Contract")]
[MigrationPhase(MigrationPhase.Contract)]
public sealed class M3_Label_Contract : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.SetNotNull(table: "Items", column: "Label");
        migrationBuilder.DropFillTrigger(table: "Items", column: "Label");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
        => migrationBuilder.AddFillTrigger(table: "Items", column: "Label", valueSql: "upper(\"Name\")", recomputeOnUpdate: true);
}
