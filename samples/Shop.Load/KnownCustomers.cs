using System.Globalization;

namespace Shop.Load;

/// <summary>
/// The customers the load has written and their final emails, shared by the old and the new version so
/// each can check what it reads of the other's writes. Each process appends to a file of its own in a
/// shared folder, through one guarded writer: concurrent appends to one file from several writers can
/// overwrite each other's bytes.
/// </summary>
public sealed class KnownCustomers : IAsyncDisposable
{
    private readonly string _folder;
    private readonly StreamWriter _writer;
    private readonly SemaphoreSlim _gate = new(1);

    public KnownCustomers(string folder)
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
        _writer = new StreamWriter(Path.Combine(folder, $"known-{Environment.ProcessId}.csv"), append: true) { AutoFlush = true };
    }

    public async Task AppendAsync(int id, string email)
    {
        await _gate.WaitAsync();
        try
        {
            await _writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{id},{email}"));
        }
        finally
        {
            _gate.Release();
        }
    }

    public (int Id, string Email)? Pick()
    {
        var all = ReadAll(_folder);
        return all.Count == 0 ? null : all[Random.Shared.Next(all.Count)];
    }

    /// <summary>Every complete line of every process's file in the folder.</summary>
    public static IReadOnlyList<(int Id, string Email)> ReadAll(string folder)
        => Directory.EnumerateFiles(folder, "known-*.csv")
            .SelectMany(file =>
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd().Split('\n').Where(l => l.EndsWith(".example", StringComparison.Ordinal)).ToList();
            })
            .Select(l => l.Split(',', 2))
            .Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), p[1]))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        _gate.Dispose();
    }
}
