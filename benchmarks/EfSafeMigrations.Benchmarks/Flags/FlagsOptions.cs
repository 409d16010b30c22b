using System.Globalization;

namespace EfSafeMigrations.Benchmarks.Flags;

/// <summary>The command line of the deployment flags benchmark (<c>EfSafeMigrations.Benchmarks flags ...</c>).</summary>
public sealed record FlagsOptions
{
    /// <summary>The word on the command line that selects this benchmark.</summary>
    public const string Scenario = "flags";

    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: EfSafeMigrations.Benchmarks flags [options]

        Measures IFeatureManager.IsEnabledAsync in one run, on one machine and database: a feature defined in
        configuration only (the baseline), a deployment flag read through AddSafeMigrationsFlags with the
        default cache, and the same flag with CacheDuration = 0 (one database read per call), single-threaded
        and with --callers parallel callers. Reports calls/s, latency and bytes per call as ratios against the
        baseline, in flags.md in --out.

        Options:
          --connection CS        PostgreSQL connection string of a login that may create databases
                                 (default: the BENCH_PG, then the TEST_PG environment variable)
          --repetitions N        measured repetitions of each case; the report gives their median (default 7)
          --seconds S            length of one repetition, in seconds (default 1)
          --warmup S             warm-up of each case before it is measured, in seconds (default 1)
          --callers N            parallel callers of the concurrent cases (default 8)
          --out DIR              where to write flags.md (default results/<yyyy-MM-dd>)
          --keep                 keep the benchmark's database afterwards
          --revision TEXT        which revision of the library this is, for the report (run.sh passes the git commit)
          -h, --help             show this text
        """;

    private static readonly string[] WithValue = ["--connection", "--repetitions", "--seconds", "--warmup", "--callers", "--out", "--revision", "--rows", "--writers", "--think-ms", "--writer-timeout", "--quiet", "--pause"];

    /// <summary>The PostgreSQL connection string (its database is used only to create and drop the benchmark's).</summary>
    public required string Connection { get; init; }

    /// <summary>Measured repetitions of each case.</summary>
    public int Repetitions { get; init; } = 7;

    /// <summary>Length of one repetition, in seconds.</summary>
    public int Seconds { get; init; } = 1;

    /// <summary>Warm-up of each case, in seconds.</summary>
    public int WarmupSeconds { get; init; } = 1;

    /// <summary>Parallel callers of the concurrent cases.</summary>
    public int Callers { get; init; } = 8;

    /// <summary>The report's folder.</summary>
    public required string Output { get; init; }

    /// <summary>The library's revision, shown in the report; null when not given.</summary>
    public string? Revision { get; init; }

    /// <summary>Keep the database afterwards.</summary>
    public bool Keep { get; init; }

    /// <summary>Whether the command line selects this benchmark: the word <see cref="Scenario"/> where an option's value cannot be.</summary>
    public static bool Requested(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == Scenario)
            {
                return true;
            }

            if (WithValue.Contains(args[i], StringComparer.Ordinal))
            {
                i++;
            }
        }

        return false;
    }

    /// <summary>Reads the command line (with the word <see cref="Scenario"/> in it); null when help was asked for.</summary>
    /// <exception cref="ArgumentException">An option is unknown or its value is not valid.</exception>
    public static FlagsOptions? Parse(IReadOnlyList<string> args)
    {
        string? connection = Environment.GetEnvironmentVariable("BENCH_PG") is { Length: > 0 } bench ? bench : Environment.GetEnvironmentVariable("TEST_PG");
        var options = new FlagsOptions { Connection = string.Empty, Output = Path.Combine("results", DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) };
        var scenarioSeen = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case Scenario when !scenarioSeen:
                    scenarioSeen = true;
                    break;
                case "-h" or "--help":
                    return null;
                case "--connection":
                    connection = Value();
                    break;
                case "--repetitions":
                    options = options with { Repetitions = (int)BenchmarkOptions.Number(name, Value(), 1, 101) };
                    break;
                case "--seconds":
                    options = options with { Seconds = (int)BenchmarkOptions.Number(name, Value(), 1, 600) };
                    break;
                case "--warmup":
                    options = options with { WarmupSeconds = (int)BenchmarkOptions.Number(name, Value(), 1, 600) };
                    break;
                case "--callers":
                    options = options with { Callers = (int)BenchmarkOptions.Number(name, Value(), 2, 256) };
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
                    throw new ArgumentException($"Unknown option '{name}' for the flags benchmark.");
            }
        }

        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new ArgumentException("Say which PostgreSQL server to use: --connection \"Host=...;Username=...;Password=...\" or the BENCH_PG environment variable (benchmarks/run.sh starts one of its own).");
        }

        return options with { Connection = connection };
    }
}
