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

        migrationBuilder.Sql(@"
            CREATE OR REPLACE FUNCTION touch_customer() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE ""Customers"" SET ""UpdatedAt"" = now() WHERE ""Id"" = NEW.""CustomerId"";
                RETURN NEW;
            END
            $$;
            CREATE TRIGGER orders_touch AFTER INSERT ON ""Orders"" FOR EACH ROW EXECUTE FUNCTION touch_customer();");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
