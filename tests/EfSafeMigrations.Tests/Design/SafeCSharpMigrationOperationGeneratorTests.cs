using EfSafeMigrations.Design;
using EfSafeMigrations.Operations;
using EfSafeMigrations.Tests.Staging;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EfSafeMigrations.Tests.Design;

public sealed class SafeCSharpMigrationOperationGeneratorTests
{
    [Fact]
    public void Backfill_is_written_as_its_migration_builder_call()
        => Assert.Equal(
            """
            migrationBuilder.Backfill(
                table: "People",
                column: "EmailAddress",
                valueSql: "\"Email\"",
                keyColumns: new[] { "Id" },
                schema: "app",
                batchSize: 500);
            """,
            Generate(new BackfillOperation { Table = "People", Schema = "app", Column = "EmailAddress", ValueSql = "\"Email\"", KeyColumns = ["Id"], BatchSize = 500 }));

    [Fact]
    public void Placeholder_is_written_as_the_member_that_fails_the_build()
        => Assert.Equal(
            """
            migrationBuilder.AddFillTrigger(
                table: "People",
                column: "FullName",
                valueSql: BackfillSql.Placeholder,
                recomputeOnUpdate: true);
            """,
            Generate(new AddFillTriggerOperation { Table = "People", Column = "FullName", ValueSql = BackfillSql.PlaceholderValue, RecomputeOnUpdate = true }));

    [Fact]
    public void Efs_own_operations_keep_efs_rendering_with_our_annotations()
        => Assert.Equal(
            """
            migrationBuilder.DropColumn(
                name: "Email",
                table: "People")
                .Annotation("EfSafeMigrations:NotValid", true);
            """,
            Generate(WithAnnotation(new DropColumnOperation { Table = "People", Name = "Email" })));

    [Fact]
    public void A_change_to_timestamptz_of_values_in_utc_keeps_the_statement_in_the_scaffolded_code()
    {
        var alter = new AlterColumnOperation { Table = "Visits", Name = "SeenAt", ClrType = typeof(DateTime), ColumnType = "timestamp with time zone" };
        alter.OldColumn.ClrType = typeof(DateTime);
        alter.OldColumn.ColumnType = "timestamp without time zone";
        alter.AddAnnotation(SafeAnnotationNames.ValuesInUtc, true);

        var code = Generate(alter);

        Assert.StartsWith("migrationBuilder.AlterColumn<DateTime>(", code);
        Assert.EndsWith("oldType: \"timestamp without time zone\")\n    .Annotation(\"EfSafeMigrations:ValuesInUtc\", true);", code);
    }

    private static DropColumnOperation WithAnnotation(DropColumnOperation operation)
    {
        operation.AddAnnotation(SafeAnnotationNames.NotValid, true);
        return operation;
    }

    private static string Generate(MigrationOperation operation)
    {
        using var context = ModelContext.Create(_ => { });
        var services = new ServiceCollection()
            .AddSingleton(context.GetService<ITypeMappingSource>())
            .AddEntityFrameworkDesignTimeServices()
            .AddDbContextDesignTimeServices(context);
        new EfSafeMigrationsDesignTimeServices().ConfigureDesignTimeServices(services);
        using var provider = services.BuildServiceProvider();
        var generator = provider.GetRequiredService<ICSharpMigrationOperationGenerator>();
        Assert.IsType<SafeCSharpMigrationOperationGenerator>(generator);
        var builder = new IndentedStringBuilder();
        generator.Generate("migrationBuilder", [operation], builder);
        return builder.ToString().ReplaceLineEndings("\n");
    }
}
