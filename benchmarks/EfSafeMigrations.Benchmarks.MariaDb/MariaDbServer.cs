using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EfSafeMigrations.Benchmarks.MariaDb;

/// <summary>How both contexts connect: Pomelo on MariaDB 10.11, migration commands without a time limit.</summary>
public static class MariaDbServer
{
    /// <summary>The server the benchmark runs on; fixed, so that no context asks the server at start.</summary>
    public static ServerVersion Version { get; } = new MariaDbServerVersion(new Version(10, 11));

    /// <summary>Migration commands (the plain migration's UPDATE and table copy) may run long: no command timeout.</summary>
    public static void Configure(MySqlDbContextOptionsBuilder mysql) => mysql.CommandTimeout(0);

    /// <summary>The connection string for dotnet ef, which connects to nothing when it writes migrations.</summary>
    public static string DesignTimeConnection => Environment.GetEnvironmentVariable("BENCH_MY") ?? "Server=127.0.0.1;Database=bench";
}
