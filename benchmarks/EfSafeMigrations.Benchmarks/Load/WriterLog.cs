namespace EfSafeMigrations.Benchmarks.Load;

/// <summary>What one writer recorded.</summary>
public sealed class WriterLog
{
    /// <summary>Every transaction, in the order it ran.</summary>
    public SampleBuffer Samples { get; } = new();

    /// <summary>The failed ones, with their reasons.</summary>
    public List<WriterFailure> Failures { get; } = [];
}
