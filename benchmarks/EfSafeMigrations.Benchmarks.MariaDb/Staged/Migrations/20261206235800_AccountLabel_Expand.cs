using Microsoft.EntityFrameworkCore.Migrations;
using EfSafeMigrations;

#nullable disable

namespace EfSafeMigrations.Benchmarks.MariaDb.Staged.Migrations
{
    /// <inheritdoc />
    [MigrationPhase(MigrationPhase.Expand)]
    public partial class AccountLabel_Expand : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Label",
                table: "Accounts",
                type: "varchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddFillTrigger(
                table: "Accounts",
                column: "Label",
                valueSql: "UPPER(`Name`)",
                recomputeOnUpdate: true);

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_RegionId",
                table: "Accounts",
                column: "RegionId");

            migrationBuilder.AddForeignKey(
                name: "FK_Accounts_Regions_RegionId",
                table: "Accounts",
                column: "RegionId",
                principalTable: "Regions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade)
                .Annotation("EfSafeMigrations:NotValid", true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Accounts_Regions_RegionId",
                table: "Accounts");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_RegionId",
                table: "Accounts");

            migrationBuilder.DropFillTrigger(
                table: "Accounts",
                column: "Label");

            migrationBuilder.DropColumn(
                name: "Label",
                table: "Accounts");
        }
    }
}
