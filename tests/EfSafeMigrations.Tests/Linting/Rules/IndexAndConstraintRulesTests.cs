using Microsoft.EntityFrameworkCore.Migrations.Operations;
using static EfSafeMigrations.Tests.Linting.LintScenario;

namespace EfSafeMigrations.Tests.Linting.Rules;

/// <summary>ESM0001-ESM0005: index and constraint builds that block the app, unless online DDL is on.</summary>
public sealed class IndexAndConstraintRulesTests
{
    private static CreateIndexOperation Index() => new() { Name = "IX_People_Email", Table = "People", Columns = ["Email"] };

    private static AddForeignKeyOperation Key() => new() { Name = "FK_People_Teams", Table = "People", Columns = ["TeamId"], PrincipalTable = "Teams", PrincipalColumns = ["Id"] };

    [Fact]
    public void ESM0001_blocking_create_index_is_reported_with_the_table_and_the_fix()
    {
        var diagnostic = Single(Lint([Index()]), "ESM0001");

        Assert.Equal(("People", Migration), (diagnostic.Table, diagnostic.MigrationId));
        Assert.Contains("CreateIndex IX_People_Email on People blocks writes", diagnostic.Message);
        Assert.Contains("UseSafeMigrations()", diagnostic.Fix);
    }

    [Fact]
    public void ESM0001_is_silent_with_online_ddl_on_a_new_table_and_when_suppressed()
    {
        Assert.Empty(Lint([Index()], onlineDdl: true));
        Assert.Empty(Lint([new CreateTableOperation { Name = "People" }, Index()]));
        Assert.Empty(Lint([Suppressed(Index(), "ESM0001")]));
        Assert.Empty(Lint([Index()], suppressed: ["ESM0001"]));
    }

    [Fact]
    public void ESM0002_blocking_drop_index()
    {
        Assert.Contains("DROP INDEX CONCURRENTLY IF EXISTS", Single(Lint([new DropIndexOperation { Name = "IX_A", Table = "People" }]), "ESM0002").Fix);
        Assert.Empty(Lint([new DropIndexOperation { Name = "IX_A", Table = "People" }], onlineDdl: true));
        Assert.Empty(Lint([Suppressed(new DropIndexOperation { Name = "IX_A", Table = "People" }, "ESM0002")]));
    }

    [Fact]
    public void ESM0003_foreign_key_validated_under_lock()
    {
        Assert.Contains("ValidateConstraint(\"FK_People_Teams\", \"People\")", Single(Lint([Key()]), "ESM0003").Fix);
        var staged = Key();
        staged.AddAnnotation(EfSafeMigrations.Operations.SafeAnnotationNames.NotValid, true);
        Assert.Empty(Lint([staged]));
        Assert.Empty(Lint([Key()], onlineDdl: true));
        Assert.Empty(Lint([Suppressed(Key(), "ESM0003")]));
    }

    [Fact]
    public void ESM0004_check_constraint_validated_under_lock()
    {
        AddCheckConstraintOperation Check() => new() { Name = "CK_Score", Table = "People", Sql = "\"Score\" >= 0" };

        Assert.Contains("CK_Score", Single(Lint([Check()]), "ESM0004").Message);
        Assert.Empty(Lint([Check()], onlineDdl: true));
        Assert.Empty(Lint([Suppressed(Check(), "ESM0004")]));
    }

    [Fact]
    public void ESM0005_unique_key_built_under_lock()
    {
        AddUniqueConstraintOperation Unique() => new() { Name = "AK_Name", Table = "People", Columns = ["Name"] };

        Assert.Contains("ADD CONSTRAINT \"AK_Name\" UNIQUE USING INDEX", Single(Lint([Unique()]), "ESM0005").Fix);
        Assert.Empty(Lint([Unique()], onlineDdl: true));
        Assert.Empty(Lint([Suppressed(Unique(), "ESM0005")]));
    }
}
