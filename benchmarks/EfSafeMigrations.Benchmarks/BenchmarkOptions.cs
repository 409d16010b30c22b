using System.Globalization;

namespace EfSafeMigrations.Benchmarks;

/// <summary>The benchmark's command line.</summary>
public sealed record BenchmarkOptions
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: EfSafeMigrations.Benchmarks [options]
               EfSafeMigrations.Benchmarks flags [options]   (the deployment flags benchmark; flags --help)

        Applies one model change (a required column computed from another column, an index, a foreign key,
        NOT NULL) to a table of --rows rows under a concurrent writer load, three times on identical copies:
        as one single-statement UPDATE (the backfill baseline), as the plain EF Core migration, and through
        the phases with the EfSafeMigrations runner. Writes report.md and the picture's data to --out.

        Options:
          --connection CS        PostgreSQL connection string of a login that may create databases
                                 (default: the BENCH_PG, then the TEST_PG environment variable)
          --rows N               rows in the table (default 1000000; 5000000 for the large run)
          --writers N            concurrent writers (default 4)
          --think-ms N           each writer's pause between two transactions, in milliseconds (default 1;
                                 0 runs them back to back, which saturates a 2-core machine by itself)
          --writer-timeout S     the writers' command timeout in seconds, as an application has one (default 30)
          --quiet S              seconds of load before and after each migration (default 3)
          --pause S              seconds between the staged phases (default 2)
          --unloaded-rounds N    rounds of the no-writer pair (single UPDATE after Expand, staged Backfill), each on
                                 fresh copies, in alternating order; the report takes the median round (default 3)
          --out DIR              where to write the report (default results/<yyyy-MM-dd>)
          --keep                 keep the benchmark's databases afterwards
          --revision TEXT        which revision of the library this is, for the report (run.sh passes the git commit)
          -h, --help             show this text
        """;

    /// <summary>The PostgreSQL connection string (its database is used only to create and drop the benchmark's).</summary>
    public required string Connection { get; init; }

    /// <summary>Rows in the big table.</summary>
    public long Rows { get; init; } = 1_000_000;

    /// <summary>Rows in the small table the foreign key points at.</summary>
    public int Regions { get; init; } = 100;

    /// <summary>Concurrent writers.</summary>
    public int Writers { get; init; } = 4;

    /// <summary>Each writer's pause between two transactions, in milliseconds.</summary>
    public int ThinkMs { get; init; } = 1;

    /// <summary>The writers' command timeout, in seconds.</summary>
    public int WriterTimeoutSeconds { get; init; } = 30;

    /// <summary>Seconds of load before and after each migration.</summary>
    public double QuietSeconds { get; init; } = 3;

    /// <summary>Seconds between the staged phases.</summary>
    public double PauseSeconds { get; init; } = 2;

    /// <summary>Rounds of the no-writer pair (the single UPDATE after Expand and the staged Backfill), each on fresh copies.</summary>
    public int UnloadedRounds { get; init; } = 3;

    /// <summary>The report's folder.</summary>
    public required string Output { get; init; }

    /// <summary>The library's revision, shown in the report; null when not given.</summary>
    public string? Revision { get; init; }

    /// <summary>Keep the databases afterwards.</summary>
    public bool Keep { get; init; }

    /// <summary>Reads the command line; null when help was asked for.</summary>
    /// <exception cref="ArgumentException">An option is unknown or its value is not valid.</exception>
    public static BenchmarkOptions? Parse(IReadOnlyList<string> args)
    {
        string? connection = Environment.GetEnvironmentVariable("BENCH_PG") is { Length: > 0 } bench ? bench : Environment.GetEnvironmentVariable("TEST_PG");
        var options = new BenchmarkOptions { Connection = string.Empty, Output = Path.Combine("results", DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "-h" or "--help":
                    return null;
                case "--connection":
                    connection = Value();
                    break;
                case "--rows":
                    options = options with { Rows = Number(name, Value(), 1000, 100_000_000) };
                    break;
                case "--writers":
                    options = options with { Writers = (int)Number(name, Value(), 0, 64) };
                    break;
                case "--think-ms":
                    options = options with { ThinkMs = (int)Number(name, Value(), 0, 10_000) };
                    break;
                case "--writer-timeout":
                    options = options with { WriterTimeoutSeconds = (int)Number(name, Value(), 1, 3600) };
                    break;
                case "--quiet":
                    options = options with { QuietSeconds = Number(name, Value(), 0, 600) };
                    break;
                case "--pause":
                    options = options with { PauseSeconds = Number(name, Value(), 0, 600) };
                    break;
                case "--unloaded-rounds":
                    options = options with { UnloadedRounds = (int)Number(name, Value(), 1, 9) };
                    break;
                case "--out":
                    options = options with { Output = Value() };
                    break;
                case "--revision":
                    options = options with { Revision = Value() };
                    break;
                case "--keep":
                    options = options with { Keep = true };
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new ArgumentException("Say which PostgreSQL server to use: --connection \"Host=...;Username=...;Password=...\" or the BENCH_PG environment variable (benchmarks/run.sh starts one of its own).");
        }

        return options with { Connection = connection };
    }

    /// <summary>A whole number option's value, checked against its range.</summary>
    /// <exception cref="ArgumentException">The text is not a whole number in the range.</exception>
    internal static long Number(string name, string text, long min, long max)
        => long.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max} (got '{text}').");
}
