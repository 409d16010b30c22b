using EfSafeMigrations.Benchmarks.Model;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Benchmarks.Staged;

/// <summary>Backfill: the existing rows in keyset batches, then the foreign key validated.</summary>
[DbContext(typeof(StagedContext))]
[Migration("20260101000002_AccountLabel_Backfill")]
[MigrationPhase(MigrationPhase.Backfill)]
public sealed class S2_AccountLabel_Backfill : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Backfill(
            table: BenchTable.Accounts,
            column: BenchTable.Label,
            valueSql: BenchTable.LabelSql,
            keyColumns: ["Id"]);

        migrationBuilder.ValidateConstraint(
            name: BenchTable.RegionForeignKey,
            table: BenchTable.Accounts);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
