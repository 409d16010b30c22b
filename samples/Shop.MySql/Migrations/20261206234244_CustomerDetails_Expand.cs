using Microsoft.EntityFrameworkCore.Migrations;
using EfSafeMigrations;

#nullable disable

namespace Shop.MySql.Migrations
{
    /// <inheritdoc />
    [MigrationPhase(MigrationPhase.Expand)]
    public partial class CustomerDetails_Expand : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EmailAddress",
                table: "Customers",
                type: "varchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddRenameSyncTrigger(
                table: "Customers",
                oldColumn: "Email",
                newColumn: "EmailAddress");

            migrationBuilder.AddColumn<string>(
                name: "Tier",
                table: "Customers",
                type: "varchar(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_CustomerId",
                table: "Orders",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Name",
                table: "Customers",
                column: "Name");

            migrationBuilder.AddForeignKey(
                name: "FK_Orders_Customers_CustomerId",
                table: "Orders",
                column: "CustomerId",
                principalTable: "Customers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade)
                .Annotation("EfSafeMigrations:NotValid", true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Orders_Customers_CustomerId",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Customers_Name",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Orders_CustomerId",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "Tier",
                table: "Customers");

            migrationBuilder.DropRenameSyncTrigger(
                table: "Customers",
                oldColumn: "Email",
                newColumn: "EmailAddress");

            migrationBuilder.DropColumn(
                name: "EmailAddress",
                table: "Customers");
        }
    }
}
