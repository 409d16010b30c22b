using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Tests.Running.Fixtures;

[DbContext(typeof(BrokenFixtureContext))]
[Migration("20260201000001_Logs_Backfill")]
[MigrationPhase(MigrationPhase.Backfill)]
public sealed class B1_Logs_Backfill : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Backfill(table: "Notes", column: "Upper", valueSql: BackfillSql.PlaceholderValue, keyColumns: ["Id"]);
        migrationBuilder.Backfill(table: "Logs", column: "Level", valueSql: "'info'", keyColumns: []);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
