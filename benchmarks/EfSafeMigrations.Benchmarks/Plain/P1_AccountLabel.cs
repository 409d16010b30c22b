using EfSafeMigrations.Benchmarks.Model;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Benchmarks.Plain;

/// <summary>
/// The change as a plain EF Core migration: what <c>dotnet ef migrations add</c> writes for a required
/// <c>Label</c> plus the <c>Regions</c> navigation, with the UPDATE a developer adds for the computed value.
/// EF Core runs it in one transaction.
/// </summary>
[DbContext(typeof(PlainContext))]
[Migration("20260101000001_AccountLabel")]
public sealed class P1_AccountLabel : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(
            name: BenchTable.Label,
            table: BenchTable.Accounts,
            type: "text",
            nullable: false,
            defaultValue: "");

        migrationBuilder.Sql(BenchTable.SingleUpdateSql);

        migrationBuilder.CreateIndex(
            name: BenchTable.RegionIndex,
            table: BenchTable.Accounts,
            column: "RegionId");

        migrationBuilder.AddForeignKey(
            name: BenchTable.RegionForeignKey,
            table: BenchTable.Accounts,
            column: "RegionId",
            principalTable: BenchTable.Regions,
            principalColumn: "Id",
            onDelete: ReferentialAction.Cascade);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropForeignKey(name: BenchTable.RegionForeignKey, table: BenchTable.Accounts);
        migrationBuilder.DropIndex(name: BenchTable.RegionIndex, table: BenchTable.Accounts);
        migrationBuilder.DropColumn(name: BenchTable.Label, table: BenchTable.Accounts);
    }
}
