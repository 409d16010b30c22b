using System.Globalization;

namespace EfSafeMigrations.Faults;

/// <summary>The fault run's options.</summary>
/// <param name="Admin">A connection string of a login that may create databases.</param>
/// <param name="PgCtl">The command that controls the server, to which <c>restart -m fast -w</c> is added.</param>
/// <param name="Tool">The built <c>safe-migrate.dll</c>.</param>
/// <param name="Shop">The built sample shop, <c>Shop.dll</c>.</param>
/// <param name="Customers">Customers per database (orders: a third of them).</param>
/// <param name="Kills">SIGKILLs over the three phases.</param>
/// <param name="Seed">Seeds the random moments, so a run can be repeated.</param>
/// <param name="Output">The report's path.</param>
/// <param name="Revision">The commit measured, for the report's header.</param>
internal sealed record FaultOptions(string Admin, string PgCtl, string Tool, string Shop, int Customers, int Kills, int Seed, string Output, string Revision)
{
    /// <summary>The command line's help.</summary>
    public const string Usage =
        "usage: EfSafeMigrations.Faults --connection ADMIN --pg-ctl 'PGBIN/pg_ctl -D DATA' --tool safe-migrate.dll --shop Shop.dll "
        + "[--customers 300000] [--kills 20] [--seed 14] [--out faults.md] [--revision TEXT]";

    /// <summary>Reads the command line; null for --help; throws <see cref="ArgumentException"/> on a mistake.</summary>
    public static FaultOptions? Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--help" or "-h")
            {
                return null;
            }

            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"'{args[i]}' is not an option with a value.");
            }

            values[args[i][2..]] = args[++i];
        }

        string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");
        int Number(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
        return new FaultOptions(
            Required("connection"), Required("pg-ctl"), Required("tool"), Required("shop"), Number("customers", 300_000), Number("kills", 20), Number("seed", 14),
            values.GetValueOrDefault("out", "faults.md"), values.GetValueOrDefault("revision", "unknown"));
    }
}
