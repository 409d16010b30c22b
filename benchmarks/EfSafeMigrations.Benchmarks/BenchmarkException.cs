namespace EfSafeMigrations.Benchmarks;

/// <summary>The benchmark could not go on; the message says why.</summary>
public sealed class BenchmarkException(string message, Exception? inner = null) : Exception(message, inner);
