using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EfSafeMigrations.Benchmarks.MariaDb.Plain.Migrations
{
    /// <inheritdoc />
    public partial class AccountLabel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Label",
                table: "Accounts",
                type: "varchar(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "")
                .Annotation("MySql:CharSet", "utf8mb4");

            // Added by hand, as a developer does for the computed value (dotnet ef writes only the default '').
            migrationBuilder.Sql(EfSafeMigrations.Benchmarks.MariaDb.Model.BenchModel.SingleUpdateSql);

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
                onDelete: ReferentialAction.Cascade);
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

            migrationBuilder.DropColumn(
                name: "Label",
                table: "Accounts");
        }
    }
}
