using System.Diagnostics;
using System.Globalization;

namespace Shop.Load;

/// <summary>
/// Plays an app version under load: each worker creates a customer, changes its email, and reads a
/// customer some worker wrote (of either version, through the shared log of final emails), checking
/// what it reads. Every request is logged with its time, latency and outcome.
/// </summary>
public static class LoadGenerator
{
    /// <summary>Runs until <paramref name="stop"/> fires.</summary>
    /// <param name="api">The app version's requests.</param>
    /// <param name="workers">Concurrent workers.</param>
    /// <param name="logPath">The request log (CSV) to append to.</param>
    /// <param name="knownFolder">The shared folder of customers and their final emails, which both versions read and append to.</param>
    /// <param name="stop">Stops the load.</param>
    public static async Task RunAsync(ShopApi api, int workers, string logPath, string knownFolder, CancellationToken stop)
    {
        await using var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        await using var known = new KnownCustomers(knownFolder);
        var gate = new SemaphoreSlim(1);
        async Task Record(string operation, TimeSpan latency, string outcome)
        {
            await gate.WaitAsync(CancellationToken.None);
            try
            {
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},{api.Version},{operation},{latency.TotalMilliseconds:0.###},{outcome}"));
            }
            finally
            {
                gate.Release();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            // One unlogged request first: a new process's first EF Core query builds the model and compiles
            // code, which says nothing about the database.
            try
            {
                await api.ReadEmail(0, CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
            }

            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var name = $"{api.Version}-{Environment.ProcessId}-{worker}-{n}";
                var id = await Timed("create", () => api.CreateCustomer(name, name + "@first.example", CancellationToken.None), Record);
                if (id is { } created)
                {
                    var final = name + "@final.example";
                    if (await Timed("update", async () => { await api.ChangeEmail(created, final, CancellationToken.None); return true; }, Record))
                    {
                        await known.AppendAsync(created, final);
                    }
                }

                if (known.Pick() is { } other)
                {
                    var seen = await Timed("read", () => api.ReadEmail(other.Id, CancellationToken.None), Record);
                    if (seen != other.Email)
                    {
                        await Record("read-check", TimeSpan.Zero, $"wrong: customer {other.Id} has '{seen}', expected '{other.Email}'");
                    }
                }
            }
        }, CancellationToken.None)));
    }

    private static async Task<T?> Timed<T>(string operation, Func<Task<T>> request, Func<string, TimeSpan, string, Task> record)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await request();
            await record(operation, clock.Elapsed, "ok");
            return result;
        }
        catch (Exception error)
        {
            await record(operation, clock.Elapsed, "failed: " + error.GetBaseException().Message.Replace(',', ';').ReplaceLineEndings(" "));
            return default;
        }
    }
}
