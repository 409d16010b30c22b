using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EfSafeMigrations.Benchmarks.Plain;

/// <summary>Times every non-query command of a context, so the plain migration's statements can be told apart.</summary>
public sealed class CommandTimer : DbCommandInterceptor
{
    private readonly List<TimedCommand> _commands = [];
    private readonly Lock _gate = new();

    /// <summary>The commands timed so far.</summary>
    public IReadOnlyList<TimedCommand> Commands
    {
        get
        {
            lock (_gate)
            {
                return [.. _commands];
            }
        }
    }

    /// <inheritdoc />
    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Record(command, eventData, result);
        return result;
    }

    /// <inheritdoc />
    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData, result);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        var end = Stopwatch.GetTimestamp();
        var start = end - (long)(eventData.Duration.TotalSeconds * Stopwatch.Frequency);
        var text = command.CommandText
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault() ?? string.Empty;
        lock (_gate)
        {
            _commands.Add(new TimedCommand(text.Length > 110 ? text[..107] + "..." : text, start, end, result));
        }
    }
}
