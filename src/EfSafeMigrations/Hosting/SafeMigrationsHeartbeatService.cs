using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EfSafeMigrations.Hosting;

/// <summary>The hosted form of <see cref="SafeMigrationsHeartbeat"/>: started with the host, its row removed when the host stops.</summary>
/// <typeparam name="TContext">The context whose migrations the instance reports.</typeparam>
internal sealed class SafeMigrationsHeartbeatService<TContext>(
    IServiceProvider services, SafeMigrationsHeartbeatOptions options, ILogger<SafeMigrationsHeartbeat> logger) : BackgroundService
    where TContext : DbContext
{
    private SafeMigrationsHeartbeat? _heartbeat;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_heartbeat is { } heartbeat)
        {
            await heartbeat.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            _heartbeat = await SafeMigrationsHeartbeat.StartLeasedAsync(() => ContextLease.From<TContext>(services), options, logger, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            // A misconfigured context (no dialect for its provider, no registration) must not take the app down.
            HostingLog.HeartbeatNotStarted(logger, typeof(TContext).FullName ?? typeof(TContext).Name, Failures.Describe(error, null));
        }
    }
}
