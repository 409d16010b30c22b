namespace EfSafeMigrations.Benchmarks.Measure;

/// <summary>
/// A stretch of consecutive samples in which one session held or waited for a strong lock on the table
/// while running one statement.
/// </summary>
/// <param name="Session">The session's process id.</param>
/// <param name="Mode">The lock mode, for example <c>AccessExclusiveLock</c>.</param>
/// <param name="Granted">True: held; false: waited for.</param>
/// <param name="Statement">The first words of the statement the session ran (or last ran, if idle in its transaction).</param>
/// <param name="First">The first sample that saw it (timestamp).</param>
/// <param name="Last">The last sample that saw it (timestamp).</param>
/// <param name="MaxWaiting">The most sessions seen waiting for a lock on the table meanwhile.</param>
public sealed record LockEpisode(int Session, string Mode, bool Granted, string Statement, long First, long Last, int MaxWaiting)
{
    /// <summary>Milliseconds from its first to its last sample (0 when seen once).</summary>
    public double Milliseconds => Timestamps.Milliseconds(First, Last);
}
