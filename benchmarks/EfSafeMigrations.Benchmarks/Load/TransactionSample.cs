namespace EfSafeMigrations.Benchmarks.Load;

/// <summary>One writer transaction: when it started and ended (<see cref="System.Diagnostics.Stopwatch"/> timestamps), what it did, whether it committed.</summary>
public readonly record struct TransactionSample(long Start, long End, WriterOp Op, bool Ok);
