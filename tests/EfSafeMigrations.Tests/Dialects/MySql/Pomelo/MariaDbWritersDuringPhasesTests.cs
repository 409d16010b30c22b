using EfSafeMigrations.Tests.Catalogue;
using EfSafeMigrations.Tests.Dialects.MySql.Harness;

namespace EfSafeMigrations.Tests.Dialects.MySql.Pomelo;

/// <summary>
/// The catalogue rows on real MariaDB 10.11 through Pomelo (EF Core 9), with the writers of
/// <see cref="WritersDuringPhasesTests"/> running WHILE each phase's steps run (see <see cref="MySqlCatalogueRows"/>).
/// </summary>
public sealed class MariaDbWritersDuringPhasesTests
{
    public static TheoryData<string> RowNames => new(MySqlCatalogueRows.Names);

    [Theory]
    [MemberData(nameof(RowNames))]
    public Task Versions_that_may_run_during_each_phase_never_fail_a_write_or_read_a_wrong_value_on_MariaDB(string row)
        => MySqlCatalogueRows.RunAsync(PomeloProvider.Value, row);
}
