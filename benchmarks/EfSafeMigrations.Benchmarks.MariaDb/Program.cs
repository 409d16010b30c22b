namespace EfSafeMigrations.Benchmarks.MariaDb;

/// <summary>Entry point (filled in below).</summary>
public static class Program
{
    public static int Main() => 0;
}
