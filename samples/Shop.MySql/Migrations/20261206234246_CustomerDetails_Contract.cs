using Microsoft.EntityFrameworkCore.Migrations;
using EfSafeMigrations;

#nullable disable

namespace Shop.MySql.Migrations
{
    /// <inheritdoc />
    [MigrationPhase(MigrationPhase.Contract)]
    public partial class CustomerDetails_Contract : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Phone",
                table: "Customers");

            migrationBuilder.DropRenameSyncTrigger(
                table: "Customers",
                oldColumn: "Email",
                newColumn: "EmailAddress");

            migrationBuilder.DropColumn(
                name: "Email",
                table: "Customers");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Email",
                table: "Customers",
                type: "varchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddRenameSyncTrigger(
                table: "Customers",
                oldColumn: "Email",
                newColumn: "EmailAddress");

            migrationBuilder.Backfill(
                table: "Customers",
                column: "Email",
                valueSql: "`EmailAddress`",
                keyColumns: new[] { "Id" });

            migrationBuilder.AddColumn<string>(
                name: "Phone",
                table: "Customers",
                type: "varchar(200)",
                maxLength: 200,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");
        }
    }
}
