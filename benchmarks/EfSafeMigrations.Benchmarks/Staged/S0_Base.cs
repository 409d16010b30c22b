using EfSafeMigrations.Benchmarks.Model;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Benchmarks.Staged;

/// <summary>The starting schema (the same migration id as the plain context's, so a copy made from the seed has it applied).</summary>
[DbContext(typeof(StagedContext))]
[Migration(BenchTable.BaseMigrationId)]
public sealed class S0_Base : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder) => BaseSchema.Up(migrationBuilder);

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) => BaseSchema.Down(migrationBuilder);
}
