using EfSafeMigrations.Linting;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using static EfSafeMigrations.Tests.Linting.LintScenario;

namespace EfSafeMigrations.Tests.Linting.MySql;

/// <summary>ESM0009-ESM0012 on MySQL and MariaDB (the old version breaks the same way), and ESM0020: column changes on an older server.</summary>
public sealed class MySqlPhaseAndVersionRulesTests
{
    private static AddColumnOperation Add() => new() { Table = "People", Name = "Nickname", ClrType = typeof(string), ColumnType = "longtext", IsNullable = true };

    private static DropColumnOperation Drop() => new() { Table = "People", Name = "Phone" };

    [Theory]
    [MemberData(nameof(Rules.PhaseRulesTests.Breaking), MemberType = typeof(Rules.PhaseRulesTests))]
    public void Outside_a_contract_the_old_version_breaks_as_on_postgresql(string code, MigrationOperation operation)
    {
        Assert.Equal(Single(Lint([operation], MigrationPhase.Expand), code).Text, Single(LintMySql([operation], MigrationPhase.Expand, onlineDdl: true), code).Text);
        Assert.Empty(LintMySql([operation], MigrationPhase.Contract));
    }

    [Fact]
    public void ESM0020_before_mariadb_10_4_a_dropped_column_rebuilds_the_table()
    {
        var diagnostic = Single(LintMySql([Add(), Drop()], MigrationPhase.Contract, server: "10.3.39-MariaDB-1:10.3.39+maria~ubu2004"), "ESM0020");

        Assert.Equal((LintSeverity.Warning, 1, "Phone"), (diagnostic.Severity, diagnostic.OperationIndex, diagnostic.Column));
        Assert.Equal(
            "20261121000000_Change: On MariaDB 10.3.39, DropColumn People.Phone rebuilds the whole table (in place: writes go on, but it takes as long as a copy of the table); "
            + "ALGORITHM=INSTANT drops a column from MariaDB 10.4 and MySQL 8.0.29 on. "
            + "Upgrade the server (options.UseSafeMigrations() needs MariaDB 10.4 or MySQL 8.0.29 and refuses older ones), or run the migration in a quiet window.",
            diagnostic.Text);
    }

    [Fact]
    public void ESM0020_before_mysql_8_0_12_an_added_column_rebuilds_the_table_too()
    {
        Assert.Equal(
            [
                "On MySQL 8.0.11, AddColumn People.Nickname rebuilds the whole table (in place: writes go on, but it takes as long as a copy of the table); "
                + "ALGORITHM=INSTANT adds a column (as the last one, where EF Core adds it) from MariaDB 10.3.2 and MySQL 8.0.12 on.",
                "On MySQL 8.0.11, DropColumn People.Phone rebuilds the whole table (in place: writes go on, but it takes as long as a copy of the table); "
                + "ALGORITHM=INSTANT drops a column from MariaDB 10.4 and MySQL 8.0.29 on.",
            ],
            LintMySql([Add(), Drop()], MigrationPhase.Contract, server: "8.0.11").Select(d => d.Message));
        Assert.Equal(["DropColumn"], LintMySql([Add(), Drop()], MigrationPhase.Contract, server: "8.0.28-mysql").Select(d => d.Message.Split(' ')[3]));
        Assert.Equal(["DropColumn"], LintMySql([Add(), Drop()], MigrationPhase.Contract, server: "10.3.2-mariadb").Select(d => d.Message.Split(' ')[3]));
    }

    [Theory]
    [InlineData("10.4-mariadb")]
    [InlineData("10.11.6-MariaDB-0+deb12u1")]
    [InlineData("8.0.29-mysql")]
    [InlineData("8.4.3")]
    [InlineData(null)]
    public void ESM0020_is_silent_on_the_servers_the_dialect_supports_and_without_a_version(string? server)
        => Assert.Empty(LintMySql([Add(), Drop()], MigrationPhase.Contract, server: server));

    [Fact]
    public void ESM0020_is_silent_on_a_new_table_when_suppressed_and_on_postgresql()
    {
        Assert.Empty(LintMySql([new CreateTableOperation { Name = "People" }, Add()], server: "8.0.11"));
        Assert.Empty(LintMySql([Drop()], MigrationPhase.Contract, server: "10.3-mariadb", suppressed: ["ESM0020"]));
        Assert.Empty(Lint([Drop()], MigrationPhase.Contract, serverVersion: 10));
    }

    [Theory]
    [InlineData("10.11-mariadb", true, "10.11", "MariaDB 10.11", "10.11-mariadb")]
    [InlineData("10.11.6-MariaDB-0+deb12u1", true, "10.11.6", "MariaDB 10.11.6", "10.11.6-mariadb")]
    [InlineData("8.0.36", false, "8.0.36", "MySQL 8.0.36", "8.0.36-mysql")]
    [InlineData("8.0.36-mysql", false, "8.0.36", "MySQL 8.0.36", "8.0.36-mysql")]
    public void A_release_is_read_as_pomelo_and_version_write_it(string text, bool mariaDb, string version, string display, string roundTrip)
    {
        var release = Release(text);

        Assert.Equal((mariaDb, Version.Parse(version), display, roundTrip), (release.IsMariaDb, release.Version, release.ToString(), release.ToText()));
        Assert.Equal(release, Release(release.ToText()));
    }

    [Theory]
    [InlineData("15")]
    [InlineData("mariadb-10.11")]
    [InlineData("10.x")]
    [InlineData("")]
    public void Anything_else_is_not_a_release(string text) => Assert.False(MySqlServerRelease.TryParse(text, out _));
}
