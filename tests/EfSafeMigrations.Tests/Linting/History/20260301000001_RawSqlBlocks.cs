using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Tests.Linting.History;

[DbContext(typeof(HistoryContext))]
[Migration("20260301000001_RawSqlBlocks")]
public sealed class RawSqlBlocks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Status", table: "Orders", type: "text", nullable: true);

        migrationBuilder.Sql(@"
            UPDATE ""Orders""
            SET ""Status"" = 'shipped'
            WHERE ""ShippedAt"" IS NOT NULL;");

        migrationBuilder.Sql("UPDATE \"Settings\" SET \"Value\" = 'on' WHERE \"Id\" = 3;");

        migrationBuilder.Sql("CREATE INDEX \"IX_Orders_Status\" ON \"Orders\" (\"Status\");");

        migrationBuilder.Sql("""
            UPDATE "Customers" SET "Tier" = 'gold'
            WHERE "Spent" > 1000;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
