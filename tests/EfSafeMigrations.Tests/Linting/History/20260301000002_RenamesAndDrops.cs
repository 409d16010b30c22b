using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Tests.Linting.History;

[DbContext(typeof(HistoryContext))]
[Migration("20260301000002_RenamesAndDrops")]
public sealed class RenamesAndDrops : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.RenameColumn(name: "Email", table: "Customers", newName: "EmailAddress");
        migrationBuilder.DropColumn(name: "Fax", table: "Customers");
        migrationBuilder.AddColumn<string>(name: "Phone", table: "Customers", type: "text", nullable: true);
        migrationBuilder.RenameTable(name: "Vendors", newName: "Suppliers");
        migrationBuilder.DropTable(name: "LegacyAudit");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
