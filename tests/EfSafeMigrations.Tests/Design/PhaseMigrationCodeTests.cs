using EfSafeMigrations.Design;

namespace EfSafeMigrations.Tests.Design;

public sealed class PhaseMigrationCodeTests
{
    [Fact]
    public void Marks_the_class_with_its_phase_and_imports_the_namespace()
        => Assert.Equal(
            """
            using Microsoft.EntityFrameworkCore.Migrations;
            using EfSafeMigrations;

            namespace Shop.Migrations
            {
                /// <inheritdoc />
                [MigrationPhase(MigrationPhase.Backfill)]
                public partial class AddEmail_Backfill : Migration
                {
                }
            }
            """,
            PhaseMigrationCode.AddPhase(
                """
                using Microsoft.EntityFrameworkCore.Migrations;

                namespace Shop.Migrations
                {
                    /// <inheritdoc />
                    public partial class AddEmail_Backfill : Migration
                    {
                    }
                }
                """,
                "AddEmail_Backfill",
                MigrationPhase.Backfill));
}
