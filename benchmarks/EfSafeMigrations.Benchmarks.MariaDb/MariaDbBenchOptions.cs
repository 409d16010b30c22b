using System.Globalization;

namespace EfSafeMigrations.Benchmarks.MariaDb;

/// <summary>The MariaDB benchmark's settings, from its command line and BENCH_MY.</summary>
public sealed record MariaDbBenchOptions
{
    public const string Usage = """
        usage: EfSafeMigrations.Benchmarks.MariaDb [options]     (BENCH_MY: a MySqlConnector connection string to a MariaDB 10.11
                                                                  server whose login may create and drop databases)
          --rows N           rows of Accounts in each copy (default 200000)
          --writers N        concurrent writer threads (default 4)
          --think-ms N       pause of each writer between two transactions (default 1)
          --writer-timeout S command timeout of the writers (default 30)
          --quiet S          seconds of load before and after each copy's migration (default 3)
          --pause S          seconds between two staged phases (default 2)
          --out DIR          where report-mariadb.md goes (default benchmarks/results/<today>)
          --revision TEXT    the library's revision, for the report's header
          --keep             keep the databases
        """;

    public required string Connection { get; init; }

    public long Rows { get; init; } = 200_000;

    public int Writers { get; init; } = 4;

    public int ThinkMs { get; init; } = 1;

    public int WriterTimeoutSeconds { get; init; } = 30;

    public double QuietSeconds { get; init; } = 3;

    public double PauseSeconds { get; init; } = 2;

    public string Output { get; init; } = Path.Combine("benchmarks", "results", DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public string Revision { get; init; } = "unknown";

    public bool Keep { get; init; }

    /// <summary>The options of <paramref name="args"/>, or null for <c>--help</c>; throws <see cref="ArgumentException"/> on a bad one.</summary>
    public static MariaDbBenchOptions? Parse(IReadOnlyList<string> args)
    {
        var connection = Environment.GetEnvironmentVariable("BENCH_MY");
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new ArgumentException("Set BENCH_MY to a connection string (benchmarks/run-mariadb.sh starts a throwaway server and sets it).");
        }

        var options = new MariaDbBenchOptions { Connection = connection };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--help" or "-h" => null,
                "--rows" => options with { Rows = (long)Number(name, Value(), 1_000, 100_000_000) },
                "--writers" => options with { Writers = (int)Number(name, Value(), 0, 64) },
                "--think-ms" => options with { ThinkMs = (int)Number(name, Value(), 0, 10_000) },
                "--writer-timeout" => options with { WriterTimeoutSeconds = (int)Number(name, Value(), 1, 3600) },
                "--quiet" => options with { QuietSeconds = Number(name, Value(), 0, 600) },
                "--pause" => options with { PauseSeconds = Number(name, Value(), 0, 600) },
                "--out" => options with { Output = Value() },
                "--revision" => options with { Revision = Value() },
                "--keep" => options with { Keep = true },
                _ => throw new ArgumentException($"unknown option '{name}'."),
            };
            if (options == null)
            {
                return null;
            }
        }

        return options;
    }

    private static double Number(string name, string text, double min, double max)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} (got '{text}').");
}
