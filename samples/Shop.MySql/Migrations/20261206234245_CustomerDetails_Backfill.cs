using Microsoft.EntityFrameworkCore.Migrations;
using EfSafeMigrations;

#nullable disable

namespace Shop.MySql.Migrations
{
    /// <inheritdoc />
    [MigrationPhase(MigrationPhase.Backfill)]
    public partial class CustomerDetails_Backfill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Backfill(
                table: "Customers",
                column: "EmailAddress",
                valueSql: "`Email`",
                keyColumns: new[] { "Id" });

            migrationBuilder.ValidateConstraint(
                name: "FK_Orders_Customers_CustomerId",
                table: "Orders");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
