namespace EfSafeMigrations.Running;

/// <summary>
/// Picks each backfill batch's size from the batches before it. A writer that needs one of a batch's rows waits
/// for the batch's commit, so the target bounds the batch rather than its average: the next batch is sized to take
/// the target at the slowest time per row among the last few batches, less a headroom as wide as those times are
/// spread (a tenth when they are steady, a third at most), and grows at most twofold from one batch to the next.
/// </summary>
/// <param name="settings">The backfill's settings.</param>
internal sealed class BatchSizer(BackfillSettings settings)
{
    // About a second of batches at the default target: one slow batch (autovacuum, a busy machine) keeps the size down that long.
    private const int Window = 8;

    // A batch's time is known only after it. Times per row that stay within a tenth of each other (a backfill with the
    // server to itself) leave a tenth of the target spare; spread ones up to a third, which keeps a batch under the target
    // when the machine slows down by up to 1.5x between two batches (measured at 2x now and then on a shared 2-core machine).
    private const double SteadySpread = 1.1;
    private const double MaxSpread = 1.5;

    // Fewer batches than this say nothing of the spread: the widest headroom until then.
    private const int SpreadSamples = 4;

    private readonly Queue<double> _secondsPerRow = new();

    /// <summary>The size of the next batch after one of <paramref name="batchSize"/> that visited <paramref name="visited"/> rows in <paramref name="elapsed"/>.</summary>
    public int Next(int batchSize, long visited, TimeSpan elapsed)
    {
        if (settings.TargetBatchTime is not { } target)
        {
            return batchSize;
        }

        _secondsPerRow.Enqueue(elapsed.TotalSeconds / Math.Max(1, visited));
        if (_secondsPerRow.Count > Window)
        {
            _secondsPerRow.Dequeue();
        }

        var slowest = Math.Max(_secondsPerRow.Max(), 1e-9);
        var spread = _secondsPerRow.Count < SpreadSamples ? MaxSpread : Math.Clamp(slowest / Math.Max(_secondsPerRow.Min(), 1e-9), SteadySpread, MaxSpread);
        var fits = target.TotalSeconds / (slowest * spread);
        var next = Math.Min(fits, batchSize * 2.0);
        return (int)Math.Clamp(next, settings.MinBatchSize, Math.Max(settings.MinBatchSize, settings.MaxBatchSize));
    }
}
