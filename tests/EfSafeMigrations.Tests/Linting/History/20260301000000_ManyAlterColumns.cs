using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Tests.Linting.History;

[DbContext(typeof(HistoryContext))]
[Migration("20260301000000_ManyAlterColumns")]
public sealed class ManyAlterColumns : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AlterColumn<DateTime>(name: "PlacedAt", table: "Orders", type: "timestamp with time zone", nullable: false, oldClrType: typeof(DateTime), oldType: "timestamp without time zone");
        migrationBuilder.AlterColumn<DateTime>(name: "ShippedAt", table: "Orders", type: "timestamp with time zone", nullable: true, oldClrType: typeof(DateTime), oldType: "timestamp without time zone", oldNullable: true);
        migrationBuilder.AlterColumn<string>(name: "Code", table: "Orders", type: "character varying(20)", maxLength: 20, nullable: false, oldClrType: typeof(string), oldType: "text");
        migrationBuilder.AlterColumn<long>(name: "Total", table: "Orders", type: "bigint", nullable: false, oldClrType: typeof(int), oldType: "integer");
        migrationBuilder.AlterColumn<string>(name: "Note", table: "Orders", type: "character varying(200)", maxLength: 200, nullable: true, oldClrType: typeof(string), oldType: "character varying(50)", oldMaxLength: 50, oldNullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
