using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Tests.Running.Fixtures;

[DbContext(typeof(RunnerFixtureContext))]
[Migration("20260101000002_Label_Backfill")]
[MigrationPhase(MigrationPhase.Backfill)]
public sealed class M2_Label_Backfill : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
        => migrationBuilder.Backfill(table: "Items", column: "Label", valueSql: "upper(\"Name\")", keyColumns: ["Id"], batchSize: 100);

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
