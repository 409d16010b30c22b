using EfSafeMigrations.Tests.Catalogue;
using EfSafeMigrations.Tests.Dialects.MySql.Harness;

namespace EfSafeMigrations.Tests.Dialects.MySql.OracleMySql;

/// <summary>
/// The catalogue rows on real MariaDB 10.11 through Oracle's MySql.EntityFrameworkCore (EF Core 10), with the writers
/// of <see cref="WritersDuringPhasesTests"/> running WHILE each phase's steps run (see <see cref="MySqlCatalogueRows"/>).
/// Oracle's provider is made for MySQL; MariaDB answers it as MySQL 5.5.5 would, and these rows hold on it.
/// </summary>
/// <remarks>
/// Not here: the renamed required column, whose staged end is right (the column as the model has it) but not equal to
/// this provider's plain migration, whose RenameColumn restates the column with a <c>DEFAULT ''</c> the model does not
/// have.
/// </remarks>
public sealed class OracleMySqlWritersDuringPhasesTests
{
    public static TheoryData<string> RowNames => new(MySqlCatalogueRows.Names.Where(r => r != "rename required column"));

    [Theory]
    [MemberData(nameof(RowNames))]
    public Task Versions_that_may_run_during_each_phase_never_fail_a_write_or_read_a_wrong_value_with_Oracles_provider(string row)
        => MySqlCatalogueRows.RunAsync(OracleMySqlProvider.Value, row);
}
