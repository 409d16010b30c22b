using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace EfSafeMigrations.Benchmarks.Model;

/// <summary>The schema before the change, as EF Core scaffolds it; both contexts' first migration.</summary>
public static class BaseSchema
{
    /// <summary>Creates <c>Regions</c> and <c>Accounts</c> (no foreign key between them yet).</summary>
    public static void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: BenchTable.Regions,
            columns: table => new
            {
                Id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Name = table.Column<string>(type: "text", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Regions", x => x.Id));

        migrationBuilder.CreateTable(
            name: BenchTable.Accounts,
            columns: table => new
            {
                Id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Name = table.Column<string>(type: "text", nullable: false),
                Balance = table.Column<int>(type: "integer", nullable: false),
                RegionId = table.Column<int>(type: "integer", nullable: false),
                Note = table.Column<string>(type: "text", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Accounts", x => x.Id));
    }

    /// <summary>Drops both tables.</summary>
    public static void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: BenchTable.Accounts);
        migrationBuilder.DropTable(name: BenchTable.Regions);
    }
}
