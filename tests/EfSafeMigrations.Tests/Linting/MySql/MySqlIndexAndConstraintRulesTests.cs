using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using static EfSafeMigrations.Tests.Linting.LintScenario;

namespace EfSafeMigrations.Tests.Linting.MySql;

/// <summary>ESM0001-ESM0005 on MySQL and MariaDB: what blocks writes there, worded for what the server does.</summary>
public sealed class MySqlIndexAndConstraintRulesTests
{
    private static CreateIndexOperation Index() => new() { Name = "IX_People_Email", Table = "People", Columns = ["Email"] };

    private static CreateIndexOperation FullText()
    {
        var index = new CreateIndexOperation { Name = "IX_People_Bio", Table = "People", Columns = ["Bio"] };
        index.AddAnnotation("MySql:FullTextIndex", true);
        return index;
    }

    private static AddForeignKeyOperation Key() => new() { Name = "FK_People_Teams", Table = "People", Columns = ["TeamId"], PrincipalTable = "Teams", PrincipalColumns = ["Id"] };

    private static AddCheckConstraintOperation Check() => new() { Name = "CK_Score", Table = "People", Sql = "`Score` >= 0" };

    [Fact]
    public void ESM0001_an_index_is_built_in_place_while_writes_go_on_so_nothing_is_reported()
    {
        Assert.Empty(LintMySql([Index()]));
        Assert.Empty(LintMySql([Index()], onlineDdl: true));
    }

    [Fact]
    public void ESM0001_a_fulltext_or_spatial_index_blocks_writes_with_or_without_online_ddl()
    {
        var spatial = new CreateIndexOperation { Name = "IX_Shops_Location", Table = "Shops", Columns = ["Location"] };
        spatial.AddAnnotation("MySql:SpatialIndex", true);

        var diagnostic = Single(LintMySql([FullText()]), "ESM0001");

        Assert.Equal(
            "20261121000000_Change: CreateIndex IX_People_Bio on People is a FULLTEXT index: MySQL and MariaDB build it in place but not with LOCK=NONE, so writes to the table wait until it is built. "
            + "Build it in a quiet window without the runner (with options.UseSafeMigrations() the deploy refuses it, as every ALTER that blocks writes), or search another way; "
            + "if the table is small, suppress: [SuppressSafeMigrationRule(\"ESM0001\", \"why\")].",
            diagnostic.Text);
        Assert.Equal(("People", "IX_People_Bio"), (diagnostic.Table, diagnostic.Anchor));
        Assert.Equal(diagnostic, Single(LintMySql([FullText()], onlineDdl: true), "ESM0001"));
        Assert.StartsWith("CreateIndex IX_Shops_Location on Shops is a SPATIAL index: ", Single(LintMySql([spatial]), "ESM0001").Message);
        Assert.Empty(LintMySql([new CreateTableOperation { Name = "People" }, FullText()]));
        Assert.Empty(LintMySql([Suppressed(FullText(), "ESM0001")]));
    }

    [Fact]
    public void ESM0002_dropping_an_index_changes_only_the_metadata_so_nothing_is_reported()
        => Assert.Empty(LintMySql([new DropIndexOperation { Name = "IX_A", Table = "People" }]));

    [Fact]
    public void ESM0003_a_foreign_key_copies_the_table_unless_online_ddl_adds_it_with_checks_off()
    {
        var diagnostic = Single(LintMySql([Key()]), "ESM0003");

        Assert.Equal(
            "20261121000000_Change: AddForeignKey FK_People_Teams copies People to check its rows (ALGORITHM=COPY, as foreign_key_checks is on): writes to People wait for the whole copy. MySQL and MariaDB have no NOT VALID. "
            + "Use options.UseSafeMigrations(): it adds the key in place with foreign_key_checks off for that one statement (the server checks every write from then on) and counts the rows already there that break it. "
            + "By hand, only when every row is known to match: SET SESSION foreign_key_checks = 0; then the ALTER TABLE ... ADD CONSTRAINT ... with ALGORITHM=INPLACE, LOCK=NONE; then SET SESSION foreign_key_checks = 1; on the same connection.",
            diagnostic.Text);
        Assert.Empty(LintMySql([Key()], onlineDdl: true));
        Assert.Empty(LintMySql([new CreateTableOperation { Name = "People" }, Key()]));
        Assert.Empty(LintMySql([Suppressed(Key(), "ESM0003")]));
    }

    [Fact]
    public void ESM0003_the_not_valid_annotation_does_not_help_on_mysql()
    {
        var staged = Key();
        staged.AddAnnotation(SafeAnnotationNames.NotValid, true);

        Assert.Contains("copies People to check its rows", Single(LintMySql([staged]), "ESM0003").Message);
    }

    [Fact]
    public void ESM0004_a_check_constraint_copies_the_table_even_with_online_ddl_which_refuses_it()
    {
        var staged = Check();
        staged.AddAnnotation(SafeAnnotationNames.NotValid, true);

        var diagnostic = Single(LintMySql([Check()]), "ESM0004");

        Assert.Equal(
            "20261121000000_Change: AddCheckConstraint CK_Score copies People to check its rows (ALGORITHM=COPY): writes to People wait for the whole copy. "
            + "MySQL and MariaDB add a CHECK constraint to an existing table no other way, and have no NOT VALID. "
            + "Check the rule in the app instead, or add the constraint in a maintenance window with plain EF Core (with options.UseSafeMigrations() the deploy refuses it); "
            + "if the table is small, suppress: [SuppressSafeMigrationRule(\"ESM0004\", \"why\")].",
            diagnostic.Text);
        Assert.Equal(diagnostic, Single(LintMySql([Check()], onlineDdl: true), "ESM0004"));
        Assert.Equal(diagnostic.Message, Single(LintMySql([staged], MigrationPhase.Contract, onlineDdl: true), "ESM0004").Message);
        Assert.Empty(LintMySql([new CreateTableOperation { Name = "People" }, Check()]));
        Assert.Empty(LintMySql([Suppressed(Check(), "ESM0004")]));
    }

    [Fact]
    public void ESM0005_unique_and_primary_keys_are_built_in_place_while_writes_go_on_so_nothing_is_reported()
    {
        Assert.Empty(LintMySql([new AddUniqueConstraintOperation { Name = "AK_Name", Table = "People", Columns = ["Name"] }]));
        Assert.Empty(LintMySql([new AddPrimaryKeyOperation { Name = "PK_People", Table = "People", Columns = ["Id"] }]));
    }

    [Fact]
    public void ESM0005_a_primary_key_change_with_online_ddl_is_the_refusal_of_the_deploy()
    {
        var change = LintMySql(
            [new DropPrimaryKeyOperation { Name = "PK_People", Table = "People" }, new AddPrimaryKeyOperation { Name = "PK_People", Table = "People", Columns = ["Code"] }],
            onlineDdl: true);

        Assert.Equal(["ESM0005", "ESM0005"], change.Select(d => d.Code));
        Assert.All(change, d => Assert.StartsWith("Changing the primary key of People rebuilds the table on MySQL and MariaDB", d.Message, StringComparison.Ordinal));
        Assert.All(change, d => Assert.StartsWith("With options.UseSafeMigrations() the deploy refuses this migration (exit code 3, nothing changed).", d.Fix, StringComparison.Ordinal));
        Assert.Empty(LintMySql(
            [new CreateTableOperation { Name = "People" }, new AddPrimaryKeyOperation { Name = "PK_People", Table = "People", Columns = ["Id"] }], onlineDdl: true));
    }
}
