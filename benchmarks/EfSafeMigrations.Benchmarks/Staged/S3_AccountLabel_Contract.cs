using EfSafeMigrations.Benchmarks.Model;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Benchmarks.Staged;

/// <summary>
/// Contract: NOT NULL without a long lock, the column's final definition (EF Core's default ''), the trigger dropped. As
/// the library stages it, the final AlterColumn runs from the NOT NULL that SetNotNull gave.
/// </summary>
[DbContext(typeof(StagedContext))]
[Migration("20260101000003_AccountLabel_Contract")]
[MigrationPhase(MigrationPhase.Contract)]
public sealed class S3_AccountLabel_Contract : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.SetNotNull(table: BenchTable.Accounts, column: BenchTable.Label);

        migrationBuilder.AlterColumn<string>(
            name: BenchTable.Label,
            table: BenchTable.Accounts,
            type: "text",
            nullable: false,
            defaultValue: "",
            oldClrType: typeof(string),
            oldType: "text");

        migrationBuilder.DropFillTrigger(table: BenchTable.Accounts, column: BenchTable.Label);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddFillTrigger(
            table: BenchTable.Accounts,
            column: BenchTable.Label,
            valueSql: BenchTable.LabelSql,
            recomputeOnUpdate: true);

        migrationBuilder.AlterColumn<string>(
            name: BenchTable.Label,
            table: BenchTable.Accounts,
            type: "text",
            nullable: true,
            oldClrType: typeof(string),
            oldType: "text",
            oldDefaultValue: "");
    }
}
