using EfSafeMigrations.Design;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Tests.Design;

public sealed class AscendingMigrationsIdGeneratorTests
{
    [Fact]
    public void Ids_ascend_after_the_newest_existing_migration_even_within_one_second()
    {
        var generator = new AscendingMigrationsIdGenerator(new FixedClockIds("20261121070000"), "20261121070005_Earlier_Contract");

        var ids = new[] { "AddEmail_Expand", "AddEmail_Backfill", "AddEmail_Contract" }.Select(generator.GenerateId).ToList();

        Assert.Equal(["20261121070006_AddEmail_Expand", "20261121070007_AddEmail_Backfill", "20261121070008_AddEmail_Contract"], ids);
    }

    [Fact]
    public void A_clock_ahead_of_every_migration_is_used_as_it_is()
    {
        var generator = new AscendingMigrationsIdGenerator(new FixedClockIds("20261121090000"), "20261121070005_Earlier_Contract");

        Assert.Equal("20261121090000_X_Expand", generator.GenerateId("X_Expand"));
    }

    private sealed class FixedClockIds(string timestamp) : IMigrationsIdGenerator
    {
        public string GenerateId(string name) => timestamp + "_" + name;

        public string GetName(string id) => id[15..];

        public bool IsValidId(string value) => true;
    }
}
