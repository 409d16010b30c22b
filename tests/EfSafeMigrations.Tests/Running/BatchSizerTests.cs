using EfSafeMigrations.Running;

namespace EfSafeMigrations.Tests.Running;

/// <summary>The batch size the backfill picks from the batches before it, for a 200 ms target.</summary>
public sealed class BatchSizerTests
{
    private static readonly BackfillSettings Settings = new(1000) { TargetBatchTime = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public void Steady_batches_are_sized_to_the_target_less_a_tenth()
    {
        var sizer = new BatchSizer(Settings);
        var size = 10_000;
        for (var i = 0; i < 6; i++)
        {
            // 10 µs a row, whatever the size.
            size = sizer.Next(size, size, TimeSpan.FromTicks(size * 100L));
        }

        Assert.Equal(18_181, size);
    }

    [Fact]
    public void Batches_whose_time_per_row_moves_keep_a_third_of_the_target_spare_at_the_slowest_rate()
    {
        var sizer = new BatchSizer(Settings);
        var size = 10_000;
        for (var i = 0; i < 6; i++)
        {
            // 10 and 20 µs a row in turn.
            size = sizer.Next(size, size, TimeSpan.FromTicks(size * (i % 2 == 0 ? 100L : 200L)));
        }

        Assert.Equal(6_666, size);
    }

    [Fact]
    public void The_first_batches_keep_the_widest_headroom_and_grow_at_most_twofold()
    {
        var sizer = new BatchSizer(Settings);

        // 1 µs a row: 200,000 rows would fit, but a batch at most doubles.
        Assert.Equal(2_000, sizer.Next(1000, 1000, TimeSpan.FromMilliseconds(1)));
        Assert.Equal(4_000, sizer.Next(2000, 2000, TimeSpan.FromMilliseconds(2)));
    }

    [Fact]
    public void An_overlong_batch_shrinks_the_next_at_once()
    {
        var sizer = new BatchSizer(Settings);
        var size = 10_000;
        for (var i = 0; i < 6; i++)
        {
            size = sizer.Next(size, size, TimeSpan.FromTicks(size * 100L));
        }

        // The machine slows down fourfold during one batch: 40 µs a row.
        var next = sizer.Next(size, size, TimeSpan.FromTicks(size * 400L));

        Assert.Equal(3_333, next);
    }
}
