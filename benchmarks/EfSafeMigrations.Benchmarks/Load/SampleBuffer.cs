using System.Collections;

namespace EfSafeMigrations.Benchmarks.Load;

/// <summary>
/// An append-only store of samples in small chunks. A growing <see cref="List{T}"/> would reallocate
/// arrays on the large object heap, and such an allocation can wait for a background garbage collection:
/// the writer making it would stall for that long, and the stall would be measured as database latency.
/// </summary>
public sealed class SampleBuffer : IEnumerable<TransactionSample>
{
    /// <summary>Samples per chunk: 2,048 × 24 bytes stays under the large object heap's 85,000-byte threshold.</summary>
    private const int ChunkSize = 2048;

    private readonly List<TransactionSample[]> _chunks = [];
    private int _usedInLast = ChunkSize;

    /// <summary>How many samples it holds.</summary>
    public int Count => _chunks.Count == 0 ? 0 : ((_chunks.Count - 1) * ChunkSize) + _usedInLast;

    /// <summary>Appends one sample.</summary>
    public void Add(TransactionSample sample)
    {
        if (_usedInLast == ChunkSize)
        {
            _chunks.Add(new TransactionSample[ChunkSize]);
            _usedInLast = 0;
        }

        _chunks[^1][_usedInLast++] = sample;
    }

    /// <inheritdoc />
    public IEnumerator<TransactionSample> GetEnumerator()
    {
        for (var c = 0; c < _chunks.Count; c++)
        {
            var used = c == _chunks.Count - 1 ? _usedInLast : ChunkSize;
            for (var i = 0; i < used; i++)
            {
                yield return _chunks[c][i];
            }
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
