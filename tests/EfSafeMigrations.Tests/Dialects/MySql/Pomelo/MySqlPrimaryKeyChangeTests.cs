using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Staging;
using EfSafeMigrations.Tests.Dialects.MySql.Harness;
using Microsoft.EntityFrameworkCore;
using static EfSafeMigrations.Tests.Catalogue.WritersDuringPhasesTests;

namespace EfSafeMigrations.Tests.Dialects.MySql.Pomelo;

/// <summary>
/// A primary key changed on an existing table of a Pomelo model: MariaDB rebuilds the table, and Pomelo writes the change
/// with stored procedures only its own migrator creates. <c>dotnet ef migrations add</c> refuses it with the recipe, and a
/// migration that holds it anyway (hand-written, or scaffolded without EfSafeMigrations) is refused by the runner (exit 3)
/// when its SQL is generated, before anything is written.
/// </summary>
public sealed class MySqlPrimaryKeyChangeTests
{
    private static readonly Action<ModelBuilder> KeyedById = m => MySqlCatalogueRows.Bounded(m, o => Customers(o));

    private static readonly Action<ModelBuilder> KeyedByCode = m => MySqlCatalogueRows.Bounded(m, n => Customers(n, e => e.HasKey(c => c.Code)));

    [Fact]
    public void Migrations_add_refuses_a_primary_key_change_naming_the_table_and_the_recipe()
    {
        var refused = Assert.Throws<UnsafeMigrationException>(() => MariaDbCycle.Stage(PomeloProvider.Value, "pk_change", KeyedById, KeyedByCode));

        Assert.StartsWith("Changing the primary key of Customers rebuilds the table on MySQL and MariaDB", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Recipe: create a new table with the new key", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public void An_unstaged_primary_key_change_which_Pomelo_writes_with_its_migrators_procedures_is_refused_by_the_runner_with_exit_code_3()
    {
        var plain = string.Concat(MariaDbCycle.GenerateUnstaged(PomeloProvider.Value, KeyedById, KeyedByCode, safe: false).Select(c => c.CommandText));

        var refusal = Assert.Throws<RunnerRefusal>(() => MariaDbCycle.GenerateUnstaged(PomeloProvider.Value, KeyedById, KeyedByCode, safe: true));

        Assert.Contains("CALL POMELO_BEFORE_DROP_PRIMARY_KEY", plain, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, refusal.ExitCode);
        Assert.StartsWith("Changing the primary key of Customers rebuilds the table", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("or apply this change alone with plain EF Core", refusal.Message, StringComparison.Ordinal);
    }
}
