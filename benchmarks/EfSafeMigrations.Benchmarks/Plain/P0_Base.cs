using EfSafeMigrations.Benchmarks.Model;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Benchmarks.Plain;

/// <summary>The starting schema.</summary>
[DbContext(typeof(PlainContext))]
[Migration(BenchTable.BaseMigrationId)]
public sealed class P0_Base : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder) => BaseSchema.Up(migrationBuilder);

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) => BaseSchema.Down(migrationBuilder);
}
