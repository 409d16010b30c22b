using EfSafeMigrations.Tests.Sql;
using Microsoft.EntityFrameworkCore;
using static EfSafeMigrations.Tests.Staging.StagingScenario;

namespace EfSafeMigrations.Tests.Staging.Rules;

/// <summary>
/// After SetNotNull proved the column has no NULL, the Contract's final AlterColumn must not scan the
/// table again: Npgsql writes an UPDATE ... WHERE IS NULL for an AlterColumn from nullable, which would
/// run under the ACCESS EXCLUSIVE lock of the same transaction.
/// </summary>
public sealed class ContractAfterSetNotNullTests
{
    public static TheoryData<string, Action<ModelBuilder>, Action<ModelBuilder>> Changes() => new()
    {
        {
            "computed column",
            People(["FirstName"]),
            People(["FirstName", "FullName"], m => m.Entity<Person>().Property(p => p.FullName).HasBackfillSql("upper(\"FirstName\")"))
        },
        { "nullable to NOT NULL", People(["Nickname"]), People(["Nickname"], m => m.Entity<Person>().Property(p => p.Nickname).IsRequired()) },
        { "renamed required column", People(["Name"]), People(["Name"], m => m.Entity<Person>().Property(p => p.Name).HasColumnName("DisplayName")) },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Contract_sets_the_final_definition_without_scanning_the_table_again(string change, Action<ModelBuilder> before, Action<ModelBuilder> after)
    {
        var sql = GeneratedSql.For([.. Stage(before, after).Up(MigrationPhase.Contract)]);

        Assert.Contains("SET NOT NULL", sql);
        Assert.False(sql.Contains("UPDATE", StringComparison.Ordinal), $"{change}: the Contract scans the table again:\n{sql}");
    }
}
