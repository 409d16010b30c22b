namespace EfSafeMigrations.Tests.Build;

/// <summary>
/// A small history written by hand for <see cref="LintedApp"/>: the first group creates <c>Customers</c>; the second adds
/// a nullable <c>Note</c> and drops <c>Phone</c>, first as one unstaged migration (unsafe), then staged into the group
/// <c>AddNote</c>: the new column in its Expand, the drop in its Contract.
/// </summary>
internal static class StagedMigrations
{
    /// <summary>The first group's only migration.</summary>
    public const string InitialExpandId = "20260101000000_Initial_Expand";

    /// <summary>The second change before it was staged.</summary>
    public const string AddNoteId = "20260201000000_AddNote";

    /// <summary>The second group's Expand.</summary>
    public const string AddNoteExpandId = "20260201000000_AddNote_Expand";

    /// <summary>The second group's Contract.</summary>
    public const string AddNoteContractId = "20260201000001_AddNote_Contract";

    /// <summary>The line of the unsafe operation, where the lint reports it: the dropped column's name.</summary>
    public const string DropAnchor = "name: \"Phone\"";

    /// <summary>Creates <c>Customers</c> (<c>Id</c>, <c>Name</c>, <c>Phone</c>), its key generated as <paramref name="provider"/> writes it.</summary>
    public static string InitialExpand(LintedAppProvider provider = LintedAppProvider.Npgsql)
        => $$"""
            using EfSafeMigrations;
            using Microsoft.EntityFrameworkCore.Infrastructure;
            using Microsoft.EntityFrameworkCore.Migrations;
            using {{(provider == LintedAppProvider.Pomelo ? "Microsoft.EntityFrameworkCore.Metadata" : "Npgsql.EntityFrameworkCore.PostgreSQL.Metadata")}};

            namespace LintedApp.Migrations;

            [DbContext(typeof(AppDbContext))]
            [Migration("{{InitialExpandId}}")]
            [MigrationPhase(MigrationPhase.Expand)]
            public sealed class Initial_Expand : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.CreateTable(
                        name: "Customers",
                        columns: table => new
                        {
                            Id = table.Column<int>(type: "{{(provider == LintedAppProvider.Pomelo ? "int" : "integer")}}", nullable: false)
                                .Annotation({{(provider == LintedAppProvider.Pomelo
                                    ? "\"MySql:ValueGenerationStrategy\", MySqlValueGenerationStrategy.IdentityColumn"
                                    : "\"Npgsql:ValueGenerationStrategy\", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn")}}),
                            Name = table.Column<string>(type: "text", nullable: false),
                            Phone = table.Column<string>(type: "text", nullable: true),
                        },
                        constraints: table =>
                        {
                            table.PrimaryKey("PK_Customers", x => x.Id);
                        });
                }

                protected override void Down(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.DropTable(
                        name: "Customers");
                }
            }
            """;

    /// <summary>
    /// Adds <c>Note</c> and drops <c>Phone</c> in one migration that is not staged (ESM0010: the old app version, still
    /// running during the deploy, reads <c>Phone</c>).
    /// </summary>
    public static string AddNote()
        => $$"""
            using Microsoft.EntityFrameworkCore.Infrastructure;
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace LintedApp.Migrations;

            [DbContext(typeof(AppDbContext))]
            [Migration("{{AddNoteId}}")]
            public sealed class AddNote : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.AddColumn<string>(
                        name: "Note",
                        table: "Customers",
                        type: "text",
                        nullable: true);

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

                    migrationBuilder.DropColumn(
                        name: "Note",
                        table: "Customers");
                }
            }
            """;

    /// <summary>The group's Expand: the new nullable column, which the old version ignores.</summary>
    public static string AddNoteExpand()
        => $$"""
            using EfSafeMigrations;
            using Microsoft.EntityFrameworkCore.Infrastructure;
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace LintedApp.Migrations;

            [DbContext(typeof(AppDbContext))]
            [Migration("{{AddNoteExpandId}}")]
            [MigrationPhase(MigrationPhase.Expand)]
            public sealed class AddNote_Expand : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.AddColumn<string>(
                        name: "Note",
                        table: "Customers",
                        type: "text",
                        nullable: true);
                }

                protected override void Down(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.DropColumn(
                        name: "Note",
                        table: "Customers");
                }
            }
            """;

    /// <summary>The group's Contract: the drop, once no old instance is left.</summary>
    public static string AddNoteContract()
        => $$"""
            using EfSafeMigrations;
            using Microsoft.EntityFrameworkCore.Infrastructure;
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace LintedApp.Migrations;

            [DbContext(typeof(AppDbContext))]
            [Migration("{{AddNoteContractId}}")]
            [MigrationPhase(MigrationPhase.Contract)]
            public sealed class AddNote_Contract : Migration
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
