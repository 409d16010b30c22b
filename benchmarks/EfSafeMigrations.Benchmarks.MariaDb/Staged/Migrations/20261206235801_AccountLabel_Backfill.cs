using Microsoft.EntityFrameworkCore.Migrations;
using EfSafeMigrations;

#nullable disable

namespace EfSafeMigrations.Benchmarks.MariaDb.Staged.Migrations
{
    /// <inheritdoc />
    [MigrationPhase(MigrationPhase.Backfill)]
    public partial class AccountLabel_Backfill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Backfill(
                table: "Accounts",
                column: "Label",
                valueSql: "UPPER(`Name`)",
                keyColumns: new[] { "Id" });

            migrationBuilder.ValidateConstraint(
                name: "FK_Accounts_Regions_RegionId",
                table: "Accounts");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
