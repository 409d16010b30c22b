using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using static EfSafeMigrations.Tests.Linting.LintScenario;

namespace EfSafeMigrations.Tests.Linting.Rules;

/// <summary>ESM0006-ESM0008, ESM0015-ESM0018: column changes that lock, rewrite, or surprise.</summary>
public sealed class ColumnRulesTests
{
    private static AlterColumnOperation MakeRequired()
    {
        var alter = new AlterColumnOperation { Table = "People", Name = "Nickname", ClrType = typeof(string), ColumnType = "text", IsNullable = false };
        alter.OldColumn.ClrType = typeof(string);
        alter.OldColumn.ColumnType = "text";
        alter.OldColumn.IsNullable = true;
        return alter;
    }

    private static AlterColumnOperation ChangeType(string from, string to)
    {
        var alter = new AlterColumnOperation { Table = "People", Name = "Score", ColumnType = to, ClrType = typeof(long) };
        alter.OldColumn.ColumnType = from;
        alter.OldColumn.ClrType = typeof(int);
        return alter;
    }

    [Fact]
    public void ESM0006_not_null_in_one_step_is_reported_even_with_online_ddl()
    {
        var diagnostic = Single(Lint([MakeRequired()], onlineDdl: true), "ESM0006");

        Assert.Equal(("People", "Nickname"), (diagnostic.Table, diagnostic.Column));
        Assert.Contains("migrationBuilder.SetNotNull(\"People\", \"Nickname\");", diagnostic.Fix);
    }

    [Fact]
    public void ESM0006_is_silent_after_a_safe_set_not_null_and_when_suppressed()
    {
        Assert.Empty(Lint([new SetNotNullOperation { Table = "People", Column = "Nickname" }, MakeRequired()], MigrationPhase.Contract));
        Assert.Empty(Lint([Suppressed(MakeRequired(), "ESM0006")]));
    }

    [Fact]
    public void ESM0007_rewriting_type_change_but_not_a_metadata_only_one()
    {
        Assert.Contains("from integer to bigint", Single(Lint([ChangeType("integer", "bigint")]), "ESM0007").Message);
        Assert.Empty(Lint([ChangeType("character varying(50)", "character varying(100)")]));
        Assert.Empty(Lint([ChangeType("integer", "bigint")], suppressed: ["ESM0007"]));
    }

    [Fact]
    public void ESM0008_volatile_default_rewrites_and_any_default_does_before_postgresql_11()
    {
        AddColumnOperation Add(string? sql, object? value = null)
            => new() { Table = "People", Name = "PublicId", ClrType = typeof(Guid), ColumnType = "uuid", DefaultValueSql = sql, DefaultValue = value };

        Assert.Contains("volatile default gen_random_uuid()", Single(Lint([Add("gen_random_uuid()")]), "ESM0008").Message);
        Assert.Empty(Lint([Add("now()")]));
        Assert.Contains("on PostgreSQL 10", Lint([Add("now()")], serverVersion: 10).Single(d => d.Code == "ESM0008").Message);
        Assert.Empty(Lint([Suppressed(Add("gen_random_uuid()"), "ESM0008")]));
    }

    [Fact]
    public void ESM0015_required_column_with_the_clr_default_is_a_warning()
    {
        AddColumnOperation Add(object value) => new() { Table = "People", Name = "Tier", ClrType = value.GetType(), ColumnType = "text", IsNullable = false, DefaultValue = value };

        var diagnostic = Single(Lint([Add("")]), "ESM0015");

        Assert.Equal(EfSafeMigrations.Linting.LintSeverity.Warning, diagnostic.Severity);
        Assert.Contains(".HasBackfillSql(", diagnostic.Fix);
        Assert.Empty(Lint([Add("bronze")]));
        Assert.Empty(Lint([Suppressed(Add(""), "ESM0015")]));
    }

    [Fact]
    public void ESM0016_json_column()
    {
        AddColumnOperation Add(string type) => new() { Table = "People", Name = "Data", ClrType = typeof(string), ColumnType = type, IsNullable = true };

        Assert.Contains("jsonb", Single(Lint([Add("json")]), "ESM0016").Fix);
        Assert.Empty(Lint([Add("jsonb")]));
        Assert.Empty(Lint([Suppressed(Add("json"), "ESM0016")]));
    }

    [Fact]
    public void ESM0017_identity_column_on_an_existing_table()
    {
        AddColumnOperation Add()
        {
            var add = new AddColumnOperation { Table = "People", Name = "Number", ClrType = typeof(int), ColumnType = "integer" };
            add.AddAnnotation("Npgsql:ValueGenerationStrategy", "IdentityByDefaultColumn");
            return add;
        }

        Assert.Equal("Number", Single(Lint([Add()]), "ESM0017").Column);
        Assert.Empty(Lint([new CreateTableOperation { Name = "People" }, Add()]));
        Assert.Empty(Lint([Suppressed(Add(), "ESM0017")]));
    }

    [Fact]
    public void ESM0018_safe_not_null_before_postgresql_12_is_a_warning()
    {
        var notNull = new SetNotNullOperation { Table = "People", Column = "Nickname" };

        Assert.Contains("PostgreSQL 11", Single(Lint([notNull], MigrationPhase.Contract, serverVersion: 11), "ESM0018").Message);
        Assert.Empty(Lint([notNull], MigrationPhase.Contract, serverVersion: 15));
        Assert.Empty(Lint([Suppressed(new SetNotNullOperation { Table = "People", Column = "Nickname" }, "ESM0018")], MigrationPhase.Contract, serverVersion: 11));
    }
}
