using EfSafeMigrations.Linting;
using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using static EfSafeMigrations.Tests.Linting.LintScenario;

namespace EfSafeMigrations.Tests.Linting.MySql;

/// <summary>ESM0006-ESM0008 and ESM0014-ESM0018 on MySQL and MariaDB.</summary>
public sealed class MySqlColumnRulesTests
{
    private static AlterColumnOperation MakeRequired() => ColumnChanges.MakeRequired("longtext");

    private static AlterColumnOperation ChangeType(string from, string to) => ColumnChanges.ChangeType(from, to);

    [Fact]
    public void ESM0006_not_null_in_one_step_runs_in_place_but_breaks_null_writes_and_existing_nulls()
    {
        var diagnostic = Single(LintMySql([MakeRequired()], onlineDdl: true), "ESM0006");

        Assert.Equal(
            "20261121000000_Change: AlterColumn makes People.Nickname NOT NULL in one step: MySQL and MariaDB rebuild the table in place while writes go on, "
            + "but a NULL already there fails the ALTER (or, without a strict sql_mode, silently becomes the type's implicit default, such as '' or 0), and the old version's NULL writes start failing. "
            + "Let dotnet ef migrations add stage it (a fill trigger, a batched backfill, then NOT NULL in Contract), or put migrationBuilder.SetNotNull(\"People\", \"Nickname\"); before this AlterColumn "
            + "in a Contract migration after a backfill: on MySQL the AlterColumn, which restates the column's whole definition, sets NOT NULL in place.",
            diagnostic.Text);
        Assert.DoesNotContain("ACCESS EXCLUSIVE", diagnostic.Message);
        Assert.Empty(LintMySql([new SetNotNullOperation { Table = "People", Column = "Nickname" }, MakeRequired()], MigrationPhase.Contract, onlineDdl: true));
        Assert.Empty(LintMySql([Suppressed(MakeRequired(), "ESM0006")]));
    }

    [Fact]
    public void ESM0007_a_type_change_copies_the_table_even_with_online_ddl()
    {
        var diagnostic = Single(LintMySql([ChangeType("int", "bigint")], onlineDdl: true), "ESM0007");

        Assert.Equal(
            "20261121000000_Change: Changing People.Score from int to bigint copies the table (ALGORITHM=COPY: MySQL and MariaDB change a column's type in place only for a longer VARCHAR whose length prefix keeps its size): "
            + "writes to People wait for the whole copy, and the old version, which maps the old type, may fail on the new one. "
            + "Add a new property and column of the new type, fill it (.HasBackfillSql(...)), switch reads, then drop the old column in a later change. "
            + "With options.UseSafeMigrations() the deploy refuses a copying ALTER unless the property says .IsSafetyAssured(\"why\") (then it copies the table, saying so); "
            + "without it, if the table is small, suppress: [SuppressSafeMigrationRule(\"ESM0007\", \"why\")].",
            diagnostic.Text);
        Assert.Empty(LintMySql([ChangeType("int", "bigint")], suppressed: ["ESM0007"]));
    }

    [Fact]
    public void ESM0007_is_silent_for_a_type_change_the_developer_assured_only_with_online_ddl()
    {
        var assured = ChangeType("int", "bigint");
        assured.AddAnnotation(SafeAnnotationNames.SafetyAssured, "the table has 200 rows");

        Assert.Empty(LintMySql([assured], onlineDdl: true));
        Assert.Contains("copies the table", Single(LintMySql([assured], onlineDdl: false), "ESM0007").Message);
    }

    [Fact]
    public void ESM0007_a_shorter_varchar_or_one_whose_length_prefix_grows_copies_and_a_longer_one_does_not()
    {
        Assert.Contains("from varchar(200) to varchar(100) copies the table", Single(LintMySql([ChangeType("varchar(200)", "varchar(100)")]), "ESM0007").Message);
        Assert.Contains("from varchar(50) to varchar(100) copies the table", Single(LintMySql([ChangeType("varchar(50)", "varchar(100)")]), "ESM0007").Message);
        Assert.Empty(LintMySql([ChangeType("varchar(20)", "varchar(50)")]));
        Assert.Empty(LintMySql([ChangeType("varchar(100)", "varchar(255)")]));
    }

    [Fact]
    public void ESM0007_has_no_postgresql_time_zone_or_check_constraint_advice_on_mysql()
    {
        var timestamp = Single(LintMySql([ChangeType("datetime(6)", "timestamp(6)")]), "ESM0007");
        var limit = Single(LintMySql([ChangeType("longtext", "varchar(20)")]), "ESM0007");

        Assert.All([timestamp, limit], d => Assert.DoesNotContain("TimeZone", d.Text));
        Assert.All([timestamp, limit], d => Assert.DoesNotContain("NOT VALID", d.Text));
        Assert.Contains("from longtext to varchar(20) copies the table", limit.Message);
    }

    [Fact]
    public void ESM0008_an_expression_default_copies_the_table_and_a_literal_or_current_timestamp_does_not()
    {
        AddColumnOperation Add(string? sql, object? value = null)
            => new() { Table = "People", Name = "PublicId", ClrType = typeof(Guid), ColumnType = "char(36)", DefaultValueSql = sql, DefaultValue = value };

        Assert.Equal(
            "20261121000000_Change: Adding People.PublicId with the expression default (UUID()) copies the table (ALGORITHM=COPY): writes to People wait for the whole copy. "
            + "MySQL and MariaDB add a column instantly only with a literal default or CURRENT_TIMESTAMP. "
            + "Let dotnet ef migrations add stage it (nullable column, the default for new rows, a batched backfill, NOT NULL in Contract), or do those steps by hand.",
            Single(LintMySql([Add("(UUID())")]), "ESM0008").Text);
        Assert.Empty(LintMySql([Add("CURRENT_TIMESTAMP(6)")]));
        Assert.Empty(LintMySql([Add("'none'")]));
        Assert.Empty(LintMySql([Add(null, "none")]));
        Assert.Empty(LintMySql([new CreateTableOperation { Name = "People" }, Add("(UUID())")]));
        Assert.Empty(LintMySql([Suppressed(Add("(UUID())"), "ESM0008")]));
    }

    [Fact]
    public void ESM0014_the_placeholder_fix_quotes_columns_with_backquotes()
    {
        var backfill = new BackfillOperation { Table = "People", Column = "FullName", ValueSql = BackfillSql.PlaceholderValue, KeyColumns = ["Id"] };

        Assert.Equal(
            "20261121000000_Change: The value of People.FullName is still the backfill placeholder. "
            + "Write the SQL expression that computes FullName from the row's other columns in its place, for example valueSql: \"upper(`Name`)\".",
            Single(LintMySql([backfill], MigrationPhase.Backfill), "ESM0014").Text);
    }

    [Fact]
    public void ESM0015_a_required_column_with_the_clr_default_is_the_same_warning()
    {
        var add = new AddColumnOperation { Table = "People", Name = "Tier", ClrType = typeof(int), ColumnType = "int", IsNullable = false, DefaultValue = 0 };

        var diagnostic = Single(LintMySql([add]), "ESM0015");

        Assert.Equal(LintSeverity.Warning, diagnostic.Severity);
        Assert.Equal(
            "20261121000000_Change: People.Tier is added NOT NULL with EF Core's default 0: every existing row, and every row the old version inserts, gets that value. "
            + "If that is meant, give it explicitly in the model (.HasDefaultValue(0)); if the value should be computed, use .HasBackfillSql(\"<SQL expression>\") and scaffold again.",
            diagnostic.Text);
    }

    [Fact]
    public void ESM0016_json_is_fine_on_mysql()
        => Assert.Empty(LintMySql([new AddColumnOperation { Table = "People", Name = "Data", ClrType = typeof(string), ColumnType = "json", IsNullable = true }]));

    [Fact]
    public void ESM0017_an_auto_increment_column_rebuilds_the_table_with_writes_blocked()
    {
        AddColumnOperation Add()
        {
            var add = new AddColumnOperation { Table = "People", Name = "Number", ClrType = typeof(int), ColumnType = "int" };
            add.AddAnnotation("MySql:ValueGenerationStrategy", "IdentityColumn");
            return add;
        }

        Assert.Equal(
            "20261121000000_Change: Adding the AUTO_INCREMENT column People.Number numbers every existing row, rebuilding the table: MySQL and MariaDB cannot do it with LOCK=NONE, "
            + "so writes to People wait for the whole rebuild. Create a new table with the generated key, copy the rows in batches, and switch (the rename-table recipe).",
            Single(LintMySql([Add()], onlineDdl: true), "ESM0017").Text);
        Assert.Empty(LintMySql([new CreateTableOperation { Name = "People" }, Add()]));
        Assert.Empty(LintMySql([Suppressed(Add(), "ESM0017")]));
    }

    [Fact]
    public void ESM0018_is_about_postgresql_only()
        => Assert.Empty(LintMySql([new SetNotNullOperation { Table = "People", Column = "Nickname" }], MigrationPhase.Contract, server: "10.4-mariadb"));
}
