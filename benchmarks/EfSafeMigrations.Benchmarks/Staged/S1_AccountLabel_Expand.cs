using EfSafeMigrations.Benchmarks.Model;
using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Benchmarks.Staged;

/// <summary>
/// Expand, as the stager writes it for the same model change: the column nullable with a trigger
/// computing it for the old version's writes, the index built concurrently, the foreign key NOT VALID.
/// </summary>
[DbContext(typeof(StagedContext))]
[Migration("20260101000001_AccountLabel_Expand")]
[MigrationPhase(MigrationPhase.Expand)]
public sealed class S1_AccountLabel_Expand : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(
            name: BenchTable.Label,
            table: BenchTable.Accounts,
            type: "text",
            nullable: true);

        migrationBuilder.AddFillTrigger(
            table: BenchTable.Accounts,
            column: BenchTable.Label,
            valueSql: BenchTable.LabelSql,
            recomputeOnUpdate: true);

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
            onDelete: ReferentialAction.Cascade)
            .Annotation(SafeAnnotationNames.NotValid, true);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropForeignKey(name: BenchTable.RegionForeignKey, table: BenchTable.Accounts);
        migrationBuilder.DropIndex(name: BenchTable.RegionIndex, table: BenchTable.Accounts);
        migrationBuilder.DropFillTrigger(table: BenchTable.Accounts, column: BenchTable.Label);
        migrationBuilder.DropColumn(name: BenchTable.Label, table: BenchTable.Accounts);
    }
}
