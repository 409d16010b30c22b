using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EfSafeMigrations.Tests.Hosting;

/// <summary>Keeps every log message of a host, for assertions; <see cref="WaitForAsync"/> waits for one.</summary>
public sealed class RecordingLogger : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Waits (up to a generous bound, so a broken build fails rather than hangs) until a message matches.</summary>
    public async Task<(LogLevel Level, string Category, string Message)> WaitForAsync(Func<(LogLevel Level, string Category, string Message), bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var found = Entries.Where(match).ToList();
            if (found.Count > 0)
            {
                return found[0];
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No such log message; logged: " + string.Join(Environment.NewLine, Entries.Select(e => $"{e.Level} {e.Category}: {e.Message}")));
    }

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLogger owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner._entries.Enqueue((logLevel, category, formatter(state, exception)));
    }
}
