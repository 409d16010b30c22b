namespace EfSafeMigrations.Benchmarks.Measure;

/// <summary>A stretch of time in a scenario: a migration phase, or a quiet stretch with no migration running.</summary>
/// <param name="Name">What ran, for example <c>expand</c>.</param>
/// <param name="Start">Its start (timestamp).</param>
/// <param name="End">Its end (timestamp).</param>
/// <param name="IsMigration">True for a phase that changes the schema or data; false for a quiet stretch.</param>
public sealed record PhaseWindow(string Name, long Start, long End, bool IsMigration)
{
    /// <summary>Its length in seconds.</summary>
    public double Seconds => Timestamps.Seconds(Start, End);
}
