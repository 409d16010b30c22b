namespace EfSafeMigrations.Benchmarks.Load;

/// <summary>A writer transaction that failed (start and end are timestamps), and the database's or driver's reason.</summary>
public sealed record WriterFailure(long Start, long End, WriterOp Op, string Reason);
