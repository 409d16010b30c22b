namespace EfSafeMigrations.Tests.Build;

/// <summary>Migrations written by hand, as the tests put them into <see cref="LintedApp"/>.</summary>
internal static class HandWrittenMigrations
{
    /// <summary>The unsafe migration's id (and file name).</summary>
    public const string UnsafeId = "20260101000000_Unsafe";

    /// <summary>The same change as a Contract migration's id.</summary>
    public const string ContractId = "20260101000000_DropPhone_Contract";

    /// <summary>The line of the unsafe operation, where the lint reports it: the column's name.</summary>
    public const string OperationAnchor = "name: \"Phone\"";

    /// <summary>Drops a column outside a Contract migration (ESM0010): the old app version still reads it.</summary>
    public static string Unsafe(string attributes = "")
        => $$"""
            using EfSafeMigrations;
            using Microsoft.EntityFrameworkCore.Infrastructure;
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace LintedApp.Migrations;

            [DbContext(typeof(AppDbContext))]
            [Migration("{{UnsafeId}}")]{{attributes}}
            public sealed class Unsafe : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.DropColumn(
                        name: "Phone",
                        table: "Customers");
                }

                protected override void Down(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.AddColumn<string>(
                        name: "Phone",
                        table: "Customers",
                        type: "text",
                        nullable: true);
                }
            }
            """;

    /// <summary>The unsafe migration with the rule suppressed, with a reason.</summary>
    public static string Suppressed()
        => Unsafe(Environment.NewLine + "[SuppressSafeMigrationRule(\"ESM0010\", \"Phone was never mapped by any released version\")]");

    /// <summary>The same drop in the group's Contract migration: safe, it runs once no old instance is left.</summary>
    public static string Contract()
        => $$"""
            using EfSafeMigrations;
            using Microsoft.EntityFrameworkCore.Infrastructure;
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace LintedApp.Migrations;

            [DbContext(typeof(AppDbContext))]
            [Migration("{{ContractId}}")]
            [MigrationPhase(MigrationPhase.Contract)]
            public sealed class DropPhone_Contract : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.DropColumn(
                        name: "Phone",
                        table: "Customers");
                }

                protected override void Down(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.AddColumn<string>(
                        name: "Phone",
                        table: "Customers",
                        type: "text",
                        nullable: true);
                }
            }
            """;
}
