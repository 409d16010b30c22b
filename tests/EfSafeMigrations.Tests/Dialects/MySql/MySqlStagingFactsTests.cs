using EfSafeMigrations.Dialects;

namespace EfSafeMigrations.Tests.Dialects.MySql;

/// <summary>What the stager knows of MySQL and MariaDB without a connection.</summary>
public sealed class MySqlStagingFactsTests
{
    [Theory]
    [InlineData("0", false)]
    [InlineData("'none'", false)]
    [InlineData("CURRENT_TIMESTAMP(6)", false)]
    [InlineData("TRUE", false)]
    [InlineData("(UUID())", true)]
    [InlineData("(3)", true)]
    [InlineData("(NOW())", true)]
    public void Expression_defaults_in_parentheses_count_as_volatile(string defaultSql, bool volatileDefault)
        => Assert.Equal(volatileDefault, DatabaseDialects.MySql.IsVolatileDefault(defaultSql));

    [Theory]
    [InlineData("varchar(10)", "varchar(50)", true)]
    [InlineData("varchar(63)", "varchar(64)", false)]
    [InlineData("varchar(100)", "varchar(200)", true)]
    [InlineData("varchar(50)", "varchar(10)", false)]
    [InlineData("int", "bigint", false)]
    public void A_longer_varchar_is_in_place_while_its_length_prefix_stays_the_same_size(string from, string to, bool inPlace)
        => Assert.Equal(inPlace, DatabaseDialects.MySql.IsMetadataOnlyTypeChange(from, to));
}
