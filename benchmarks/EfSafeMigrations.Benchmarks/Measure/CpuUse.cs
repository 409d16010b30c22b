namespace EfSafeMigrations.Benchmarks.Measure;

/// <summary>How the machine's CPU was used over some time, as shares of all its cores (1.0 = all cores busy).</summary>
/// <param name="Busy">Everything that was not idle.</param>
/// <param name="Own">This process: the writers, the runner or EF Core's migrator, the bookkeeping.</param>
/// <param name="Server">The PostgreSQL server; null when it could not be seen.</param>
public sealed record CpuUse(double Busy, double Own, double? Server)
{
    /// <summary>The rest: other work on the machine, which the benchmark does not control; null when the server could not be seen.</summary>
    public double? Other => Server is { } server ? Math.Max(0, Busy - Own - server) : null;
}
