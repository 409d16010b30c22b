using Microsoft.EntityFrameworkCore.Migrations;
using EfSafeMigrations;

#nullable disable

namespace EfSafeMigrations.Benchmarks.MariaDb.Staged.Migrations
{
    /// <inheritdoc />
    [MigrationPhase(MigrationPhase.Contract)]
    public partial class AccountLabel_Contract : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.SetNotNull(
                table: "Accounts",
                column: "Label");

            migrationBuilder.AlterColumn<string>(
                name: "Label",
                table: "Accounts",
                type: "varchar(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "varchar(200)",
                oldMaxLength: 200);

            migrationBuilder.DropFillTrigger(
                table: "Accounts",
                column: "Label");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddFillTrigger(
                table: "Accounts",
                column: "Label",
                valueSql: "UPPER(`Name`)",
                recomputeOnUpdate: true);

            migrationBuilder.AlterColumn<string>(
                name: "Label",
                table: "Accounts",
                type: "varchar(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "varchar(200)",
                oldMaxLength: 200,
                oldDefaultValue: "");
        }
    }
}
