using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Tests.Running.Fixtures;

[DbContext(typeof(BrokenFixtureContext))]
[Migration("20260201000000_Logs_Expand")]
[MigrationPhase(MigrationPhase.Expand)]
public sealed class B0_Logs : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
        => migrationBuilder.Sql("""CREATE TABLE "Logs" ("Message" text, "Level" text); CREATE TABLE "Notes" ("Id" int PRIMARY KEY, "Text" text, "Upper" text);""");

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""DROP TABLE "Logs"; DROP TABLE "Notes";""");
}
