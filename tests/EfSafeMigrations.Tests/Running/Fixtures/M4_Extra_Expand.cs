using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Tests.Running.Fixtures;

[DbContext(typeof(RunnerFixtureContext))]
[Migration("20260101000004_Extra_Expand")]
[MigrationPhase(MigrationPhase.Expand)]
public sealed class M4_Extra_Expand : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
        => migrationBuilder.AddColumn<string>(name: "Extra", table: "Items", type: "text", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder)
        => migrationBuilder.DropColumn(name: "Extra", table: "Items");
}
