using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using static EfSafeMigrations.Tests.Linting.LintScenario;

namespace EfSafeMigrations.Tests.Linting.Rules;

/// <summary>ESM0006-ESM0008, ESM0015-ESM0018: column changes that lock, rewrite, or surprise.</summary>
public sealed class ColumnRulesTests
{
    private static AlterColumnOperation MakeRequired() => ColumnChanges.MakeRequired("text");

    private static AlterColumnOperation ChangeType(string from, string to) => ColumnChanges.ChangeType(from, to);

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
        Assert.Equal(
            "Changing People.Score from integer to bigint rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, and the old version cannot read the new type.",
            Single(Lint([ChangeType("integer", "bigint")]), "ESM0007").Message);
        Assert.Empty(Lint([ChangeType("character varying(50)", "character varying(100)")]));
        Assert.Empty(Lint([ChangeType("integer", "bigint")], suppressed: ["ESM0007"]));
    }

    [Fact]
    public void ESM0007_timestamp_to_timestamptz_says_it_is_metadata_only_under_utc_on_postgresql_12_and_later()
    {
        var diagnostic = Single(Lint([ChangeType("timestamp without time zone", "timestamp with time zone")]), "ESM0007");

        Assert.Equal(
            "Changing People.Score from timestamp without time zone to timestamp with time zone reads the stored values in the session's TimeZone: "
            + "under TimeZone UTC, PostgreSQL 12 and later change only the catalogue (the table is not rewritten; indexes on the column are rebuilt under the ACCESS EXCLUSIVE lock), "
            + "under any other zone (even one at UTC+0 in winter, such as Europe/London) it rewrites the table and its indexes under an ACCESS EXCLUSIVE lock and every value is read as a time of that zone.",
            diagnostic.Message);
        Assert.StartsWith(
            "If every stored value is UTC, say so: .HasValuesInUtc() on the property and scaffold again, or .Annotation(\"EfSafeMigrations:ValuesInUtc\", true) on this AlterColumn; "
            + "with options.UseSafeMigrations() it then runs under TimeZone UTC, without a rewrite. If the values are local times of another zone, add a new timestamptz column filled with \"Score\" AT TIME ZONE '<their zone>'",
            diagnostic.Fix);
        Assert.DoesNotContain("old version cannot read", diagnostic.Message);

        // Without a server version the oldest supported major (14) is assumed; short and precision spellings are the same change.
        Assert.Equal(diagnostic.Message.Replace("timestamp without time zone to timestamp with time zone", "timestamp(3) to timestamptz(3)", StringComparison.Ordinal),
            Single(Lint([ChangeType("timestamp(3)", "timestamptz(3)")], serverVersion: null), "ESM0007").Message);
        Assert.Contains("under TimeZone UTC, PostgreSQL 12 and later change only the catalogue", Single(Lint([ChangeType("timestamptz", "timestamp")], serverVersion: 18), "ESM0007").Message);
    }

    [Fact]
    public void ESM0007_timestamp_to_timestamptz_before_postgresql_12_rewrites_whatever_the_time_zone()
    {
        var diagnostic = Single(Lint([ChangeType("timestamp", "timestamptz")], serverVersion: 11), "ESM0007");

        Assert.Equal(
            "Changing People.Score from timestamp to timestamptz rewrites the table and its indexes under an ACCESS EXCLUSIVE lock on PostgreSQL 11, whatever the session TimeZone "
            + "(the change is metadata only under TimeZone UTC from PostgreSQL 12 on); the stored values are read in the session's TimeZone.",
            diagnostic.Message);
        Assert.DoesNotContain("HasValuesInUtc", diagnostic.Fix);
    }

    [Fact]
    public void ESM0007_timestamp_to_timestamptz_stated_utc_is_silent_only_with_online_ddl_that_runs_it_under_utc()
    {
        AlterColumnOperation Utc()
        {
            var alter = ChangeType("timestamp without time zone", "timestamp with time zone");
            alter.AddAnnotation(SafeAnnotationNames.ValuesInUtc, true);
            return alter;
        }

        Assert.Empty(Lint([Utc()], onlineDdl: true));
        Assert.Empty(Lint([Utc()], onlineDdl: true, serverVersion: null));
        Assert.Contains("reads the stored values in the session's TimeZone", Single(Lint([Utc()], onlineDdl: false), "ESM0007").Message);
        Assert.Contains("on PostgreSQL 11", Single(Lint([Utc()], onlineDdl: true, serverVersion: 11), "ESM0007").Message);
    }

    [Fact]
    public void ESM0007_a_new_length_limit_rewrites_and_the_fix_is_a_check_constraint_validated_without_blocking()
    {
        var diagnostic = Single(Lint([ChangeType("text", "character varying(100)")], serverVersion: 18), "ESM0007");

        Assert.Equal(
            "Changing People.Score from text to character varying(100) checks every value's length and rewrites the table under an ACCESS EXCLUSIVE lock (no shortcut for a new length limit, even when every value fits).",
            diagnostic.Message);
        Assert.Equal(
            "Keep the column text and limit it with a check constraint, added NOT VALID and then validated (VALIDATE holds only a SHARE UPDATE EXCLUSIVE lock: reads and writes go on): "
            + ".HasColumnType(\"text\") on the property, and ToTable(t => t.HasCheckConstraint(\"CK_People_Score_Length\", \"char_length(\\\"Score\\\") <= 100\")) "
            + "with options.UseSafeMigrations() (it adds the check NOT VALID, then validates it). If the table is small, suppress: [SuppressSafeMigrationRule(\"ESM0007\", \"why\")].",
            diagnostic.Fix);
        Assert.Contains("from varchar(200) to varchar(100) checks every value's length", Single(Lint([ChangeType("varchar(200)", "varchar(100)")]), "ESM0007").Message);
        Assert.Empty(Lint([ChangeType("text", "character varying")]));
        Assert.Empty(Lint([ChangeType("character varying(100)", "text")]));
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
