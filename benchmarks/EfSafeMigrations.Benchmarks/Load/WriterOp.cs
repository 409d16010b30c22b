namespace EfSafeMigrations.Benchmarks.Load;

/// <summary>What one writer transaction does: one statement on one row.</summary>
public enum WriterOp : byte
{
    /// <summary>UPDATE one existing row by its key.</summary>
    Update,

    /// <summary>INSERT one new row.</summary>
    Insert,

    /// <summary>SELECT one existing row by its key.</summary>
    Select,
}
