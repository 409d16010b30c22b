namespace EfSafeMigrations.Benchmarks.Plain;

/// <summary>One command EF Core ran, its first line, when (timestamps) and the rows it affected.</summary>
public sealed record TimedCommand(string Text, long Start, long End, int Rows);
