using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Tests.Running;

/// <summary>
/// App instances writing while phases run: each inserts a customer, sets its email once, records the
/// final value, and reads rows the other version wrote, checking them against what was recorded.
/// </summary>
public sealed class AppWriters(
    string name,
    int writers,
    ConcurrentDictionary<int, string> expected,
    Func<int, Task<(int Id, string Email)>> insertAndUpdate,
    Func<int, Task<string?>> readEmail)
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];

    public ConcurrentBag<string> Failures { get; } = [];

    public int Writes => _writes;

    public int Reads => _reads;

    private int _writes;
    private int _reads;

    public void Start()
    {
        for (var i = 0; i < writers; i++)
        {
            var writer = i;
            _tasks.Add(Task.Run(() => LoopAsync(writer)));
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks);
    }

    private async Task LoopAsync(int writer)
    {
        var sequence = 0;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var (id, email) = await insertAndUpdate(writer * 1_000_000 + sequence++);
                Interlocked.Increment(ref _writes);
                expected[id] = email;
                var keys = expected.Keys.ToArray();
                var other = keys.Length == 0 ? 0 : keys[Random.Shared.Next(keys.Length)];
                if (other != 0 && expected.TryGetValue(other, out var want))
                {
                    var seen = await readEmail(other);
                    Interlocked.Increment(ref _reads);
                    if (seen != want)
                    {
                        Failures.Add($"{name} read customer {other}: email '{seen}', expected '{want}'");
                    }
                }
            }
            catch (Exception error) when (error is DbUpdateException or InvalidOperationException or Npgsql.NpgsqlException)
            {
                Failures.Add($"{name} failed: {error.GetBaseException().Message}");
            }
        }
    }
}
