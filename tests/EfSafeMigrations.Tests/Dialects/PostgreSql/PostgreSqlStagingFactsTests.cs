using EfSafeMigrations.Dialects;

namespace EfSafeMigrations.Tests.Dialects.PostgreSql;

public sealed class PostgreSqlStagingFactsTests
{
    [Theory]
    [InlineData("gen_random_uuid()", true)]
    [InlineData("random()", true)]
    [InlineData("clock_timestamp()", true)]
    [InlineData("nextval('seq')", true)]
    [InlineData("my_function()", true)]
    [InlineData("now()", false)]
    [InlineData("CURRENT_TIMESTAMP", false)]
    [InlineData("'random()'", false)]
    [InlineData("42", false)]
    [InlineData("lower('ABC')", false)]
    public void Volatile_defaults_are_recognised_and_unknown_functions_count_as_volatile(string sql, bool volatileDefault)
        => Assert.Equal(volatileDefault, DatabaseDialects.PostgreSql.IsVolatileDefault(sql));

    [Theory]
    [InlineData("character varying(50)", "character varying(100)", true)]
    [InlineData("varchar(50)", "character varying(50)", true)]
    [InlineData("character varying(100)", "character varying(50)", false)]
    [InlineData("character varying(100)", "text", true)]
    [InlineData("text", "character varying", true)]
    [InlineData("text", "character varying(20)", false)]
    [InlineData("numeric(10,2)", "numeric(12,2)", true)]
    [InlineData("numeric(10,2)", "numeric(12,3)", false)]
    [InlineData("integer", "bigint", false)]
    [InlineData("cidr", "inet", true)]
    public void Metadata_only_type_changes(string from, string to, bool metadataOnly)
        => Assert.Equal(metadataOnly, DatabaseDialects.PostgreSql.IsMetadataOnlyTypeChange(from, to));
}
