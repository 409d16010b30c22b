using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Tests.Linting.History;

[DbContext(typeof(HistoryContext))]
[Migration("20260301000003_ArchiveFromScript")]
public sealed class ArchiveFromScript : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "OrderArchive", columns: table => new { Id = table.Column<int>(type: "integer", nullable: false) });
        migrationBuilder.Sql(File.ReadAllText(Path.Combine(HistoryContext.Folder, "archive_orders.sql")));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
