using Npgsql;

namespace EfSafeMigrations.Benchmarks.Measure;

/// <summary>
/// Samples, every <see cref="Interval"/> on its own connection, which sessions hold or wait for a lock on the table
/// stronger than the app's (SHARE UPDATE EXCLUSIVE and up), the statement each runs, and how many sessions wait for a
/// lock on the table: where a writer stall comes from, measured rather than guessed.
/// </summary>
public sealed class LockSampler : IAsyncDisposable
{
    /// <summary>Time between two samples.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private const string Sample = """
        SELECT l.pid, l.mode, l.granted, left(regexp_replace(coalesce(a.query, ''), '\s+', ' ', 'g'), 110),
               (SELECT count(*)::int FROM pg_locks w WHERE w.relation = l.relation AND NOT w.granted)
        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'relation' AND l.relation = to_regclass(@table) AND l.pid <> pg_backend_pid()
          AND l.mode IN ('ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')
        """;

    private readonly NpgsqlConnection _connection;
    private readonly string _table;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<LockEpisode> _episodes = [];
    private readonly Dictionary<(int, string, bool, string), LockEpisode> _open = [];
    private Task? _loop;

    private LockSampler(NpgsqlConnection connection, string table) => (_connection, _table) = (connection, table);

    /// <summary>Starts sampling <paramref name="table"/> (a quoted name) on <paramref name="connectionString"/>.</summary>
    public static async Task<LockSampler> StartAsync(string connectionString, string table)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        var sampler = new LockSampler(connection, table);
        sampler._loop = Task.Run(sampler.LoopAsync);
        return sampler;
    }

    /// <summary>Stops sampling; the episodes seen, in order of their start.</summary>
    public async Task<IReadOnlyList<LockEpisode>> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop != null)
        {
            await _loop.ConfigureAwait(false);
        }

        _episodes.AddRange(_open.Values);
        _open.Clear();
        return [.. _episodes.OrderBy(e => e.First)];
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        await using var command = new NpgsqlCommand(Sample, _connection);
        command.Parameters.AddWithValue("table", _table);
        while (!_stop.IsCancellationRequested)
        {
            var now = Timestamps.Now;
            var seen = new HashSet<(int, string, bool, string)>();
            try
            {
                await using var reader = await command.ExecuteReaderAsync(_stop.Token).ConfigureAwait(false);
                while (await reader.ReadAsync(_stop.Token).ConfigureAwait(false))
                {
                    var key = (reader.GetInt32(0), reader.GetString(1), reader.GetBoolean(2), reader.GetString(3));
                    var waiting = reader.GetInt32(4);
                    seen.Add(key);
                    _open[key] = _open.TryGetValue(key, out var open)
                        ? open with { Last = now, MaxWaiting = Math.Max(open.MaxWaiting, waiting) }
                        : new LockEpisode(key.Item1, key.Item2, key.Item3, key.Item4, now, now, waiting);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }

            foreach (var ended in _open.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                _episodes.Add(_open[ended]);
                _open.Remove(ended);
            }

            try
            {
                await Task.Delay(Interval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
