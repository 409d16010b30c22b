using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EfSafeMigrations.Benchmarks.Flags;

/// <summary>
/// Counts the connections the app's context opens. In the flags benchmark only the flags provider opens one,
/// once for each read of the flags table, so the count is the number of database reads.
/// </summary>
public sealed class ReadCounter : DbConnectionInterceptor
{
    private long _opened;

    /// <summary>Connections opened so far.</summary>
    public long Opened => Interlocked.Read(ref _opened);

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        => Interlocked.Increment(ref _opened);

    /// <inheritdoc />
    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _opened);
        return Task.CompletedTask;
    }
}
