using EfSafeMigrations.Tests.Catalogue;
using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;
using static EfSafeMigrations.Tests.Catalogue.WritersDuringPhasesTests;

namespace EfSafeMigrations.Tests.Dialects.MySql.Harness;

/// <summary>
/// The catalogue rows of <see cref="WritersDuringPhasesTests"/> for MySQL and MariaDB: the rows whose SQL is
/// PostgreSQL's written in MySQL's, and the run of one row with that test's writers working WHILE each phase's steps run
/// through the phase runner (the OLD version during Expand, OLD and NEW during Backfill, the NEW version during
/// Contract): not one statement may fail, not one read may be wrong, and the staged database must end equal to the
/// provider's plain migration.
/// </summary>
internal static class MySqlCatalogueRows
{
    private static readonly Dictionary<string, (Action<ModelBuilder> Old, Action<ModelBuilder> New)> MySqlRows = new()
    {
        ["add required column with a volatile default"] = (
            m => Customers(m),
            m => Customers(m, e => e.Property(c => c.Token).HasDefaultValueSql("(UUID())"), mapToken: true)),
        ["add required column computed from others"] = (
            m => Customers(m),
            m => Customers(m, e => e.Property(c => c.FullName).IsRequired().HasBackfillSql("CONCAT(`Name`, ' (', `Code`, ')')"), mapFullName: true)),
        ["drop foreign key, check and unique constraint"] = (
            m =>
            {
                Customers(m, e => { e.ToTable("Customers", t => t.HasCheckConstraint("CK_Customers_Age", "`Age` >= 0")); e.HasAlternateKey(c => c.Code); });
                Orders(m, foreignKey: true);
            },
            m => { Customers(m); Orders(m, foreignKey: false); }),
    };

    /// <summary>
    /// Rows not run here: a CHECK constraint on an existing table, which MariaDB can only add by copying it, is refused
    /// (MySqlRefusalTests); the renamed table's plain twin needs the stored procedures Pomelo's migrator
    /// creates around its DropPrimaryKey, which this harness does not run (the staged side is
    /// MariaDbRenameTableTests).
    /// </summary>
    private static readonly HashSet<string> NotHere = ["add check constraint", "rename table"];

    /// <summary>The rows run here.</summary>
    public static IEnumerable<string> Names => WritersDuringPhasesTests.Rows.Keys.Where(r => !NotHere.Contains(r));

    /// <summary>Runs one row through the phases on a fresh MariaDB database pair with <paramref name="provider"/>.</summary>
    public static async Task RunAsync(MySqlProvider provider, string row)
    {
        var (oldModel, newModel) = MySqlRows.GetValueOrDefault(row, WritersDuringPhasesTests.Rows[row]);
        await using var cycle = await MariaDbCycle.StartAsync(
            provider, "my_" + string.Concat(row.Where(char.IsLetter).Take(20)).ToLowerInvariant(), m => Bounded(m, oldModel), m => Bounded(m, newModel), SeedAsync);
        var workload = new Workload(cycle.Old, cycle.New);

        var problems = await PhasesUnderLoad.RunAsync(cycle.Old, cycle.New, (phase, pause) => cycle.ApplyAsync(phase, pause), workload.IterationAsync);

        PhasesUnderLoad.AssertNone(problems);
        Assert.True(workload.Iterations > 0);
        await cycle.AssertStagedEqualsPlainAsync(ValuesOfTheirOwn);
    }

    /// <summary>
    /// The row's model with a length on every string that has none, as a MySQL model has: Pomelo maps an unbounded
    /// string to <c>longtext</c>, which cannot have a default, and to <c>varchar(255)</c> once it is in an index or
    /// key, so adding or dropping an index would change the column's type.
    /// </summary>
    internal static void Bounded(ModelBuilder model, Action<ModelBuilder> row)
    {
        row(model);
        foreach (var property in model.Model.GetEntityTypes().SelectMany(t => t.GetProperties()))
        {
            if (property.ClrType == typeof(string) && property.GetMaxLength() == null)
            {
                property.SetMaxLength(200);
            }
        }
    }
}
