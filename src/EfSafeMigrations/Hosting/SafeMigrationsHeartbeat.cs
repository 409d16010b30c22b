using System.Reflection;
using EfSafeMigrations.Deployment;
using EfSafeMigrations.Dialects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfSafeMigrations.Hosting;

/// <summary>
/// An app instance's row in the instance registry (<c>__EFSafeMigrationsInstances</c>): written when the
/// heartbeat starts, refreshed every <see cref="SafeMigrationsHeartbeatOptions.Interval"/>, removed when it
/// stops. The row says which migrations the instance's code knows (its newest), so
/// <c>dotnet safe-migrate phase contract</c> can refuse while an instance running older code is still alive.
/// A heartbeat that cannot reach the database logs and tries again next interval; it never fails the app.
/// </summary>
/// <remarks>
/// In an app with a generic host, register it with
/// <see cref="SafeMigrationsServiceCollectionExtensions.AddSafeMigrationsHeartbeat{TContext}"/>; elsewhere
/// (a console app, a worker without a host) start it with <see cref="StartAsync"/> and dispose it on the way out.
/// </remarks>
public sealed class SafeMigrationsHeartbeat : IAsyncDisposable
{
    private readonly Func<ContextLease> _lease;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _removeTimeout;
    private readonly ILogger _logger;
    private readonly InstanceRow _row;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private bool _registryChecked;
    private bool _registryWarned;
    private bool _failing;
    private int _stopped;

    private SafeMigrationsHeartbeat(Func<ContextLease> lease, SafeMigrationsHeartbeatOptions options, ILogger logger, string context, string? newestMigration)
    {
        _lease = lease;
        _interval = options.Interval;
        _removeTimeout = options.RemoveTimeout;
        _logger = logger;
        _row = new InstanceRow(
            Guid.NewGuid().ToString("N"),
            Environment.MachineName,
            Environment.ProcessId,
            options.App ?? Assembly.GetEntryAssembly()?.GetName().Name ?? "unknown",
            context,
            newestMigration,
            DateTimeOffset.UtcNow,
            0);
    }

    /// <summary>This instance's id in the registry, new for every heartbeat started.</summary>
    public string InstanceId => _row.Id;

    /// <summary>The full name of the context whose migrations the heartbeat reports.</summary>
    public string Context => _row.Context;

    /// <summary>The newest migration compiled into the app for the context (by id, ordinal order), or null when it has none.</summary>
    public string? NewestMigration => _row.NewestMigration;

    /// <summary>
    /// Starts a heartbeat: reads the context's compiled migrations, creates the registry if it is missing (a
    /// role that may not create it gets one warning, and the heartbeat goes on trying to write its row), writes
    /// the instance's row, and refreshes it in the background until the heartbeat is stopped or disposed.
    /// </summary>
    /// <param name="createContext">Creates a context for one heartbeat; the heartbeat disposes it.</param>
    /// <param name="options">The interval and app name; defaults when null.</param>
    /// <param name="logger">Where failures are logged; nowhere when null.</param>
    /// <param name="cancellationToken">Cancels the first heartbeat (not the ones after it: stop the heartbeat for that).</param>
    /// <returns>The running heartbeat; dispose it (or call <see cref="StopAsync"/>) to remove the instance's row.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="NotSupportedException">The context's EF Core provider has no EfSafeMigrations dialect.</exception>
    public static Task<SafeMigrationsHeartbeat> StartAsync(
        Func<DbContext> createContext,
        SafeMigrationsHeartbeatOptions? options = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(createContext);
        return StartLeasedAsync(() => ContextLease.From(createContext), options, logger, cancellationToken);
    }

    /// <summary>
    /// Stops refreshing the row and removes it from the registry, so the contract gate no longer counts this
    /// instance. A failure to remove it is logged (the row then ages out as silent). Safe to call more than once.
    /// </summary>
    /// <param name="cancellationToken">Bounds the wait for the removal.</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_removeTimeout);
        string? connectionString = null;
        try
        {
            await using var lease = _lease();
            connectionString = lease.Context.Database.GetConnectionString();
            await lease.Context.Database.OpenConnectionAsync(timeout.Token).ConfigureAwait(false);
            await new InstanceRegistry(lease.Context.Database.GetDbConnection(), Sql(lease.Context)).RemoveAsync(_row.Id, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            HostingLog.RemoveFailed(_logger, _row.Id, _row.Context, Failures.Describe(error, connectionString));
        }
        finally
        {
            _stop.Dispose();
        }
    }

    /// <summary>Stops the heartbeat and removes the instance's row (see <see cref="StopAsync"/>).</summary>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    internal static async Task<SafeMigrationsHeartbeat> StartLeasedAsync(
        Func<ContextLease> lease, SafeMigrationsHeartbeatOptions? options, ILogger? logger, CancellationToken cancellationToken)
    {
        options ??= new SafeMigrationsHeartbeatOptions();
        options.Validate();
        string context;
        string? newest;
        await using (var first = lease())
        {
            // Fails early for a provider without a dialect, rather than on every heartbeat.
            DatabaseDialects.ForProvider(first.Context.Database.ProviderName);
            context = first.Context.GetType().FullName ?? first.Context.GetType().Name;
            newest = first.Context.GetService<IMigrationsAssembly>().Migrations.Keys.Max(StringComparer.Ordinal);
        }

        var heartbeat = new SafeMigrationsHeartbeat(lease, options, logger ?? NullLogger.Instance, context, newest);
        await heartbeat.BeatAsync(cancellationToken).ConfigureAwait(false);
        heartbeat._loop = heartbeat.LoopAsync(heartbeat._stop.Token);
        return heartbeat;
    }

    private static IDeploymentSql Sql(DbContext context) => DatabaseDialects.ForProvider(context.Database.ProviderName).Deployment;

    private async Task LoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_interval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await BeatAsync(stop).ConfigureAwait(false);
        }
    }

    /// <summary>One heartbeat; logs what fails and returns, except when <paramref name="cancellationToken"/> is cancelled.</summary>
    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        string? connectionString = null;
        try
        {
            await using var lease = _lease();
            connectionString = lease.Context.Database.GetConnectionString();
            await lease.Context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var registry = new InstanceRegistry(lease.Context.Database.GetDbConnection(), Sql(lease.Context));
            await EnsureRegistryAsync(lease.Context, connectionString, cancellationToken).ConfigureAwait(false);
            await registry.HeartbeatAsync(_row, cancellationToken).ConfigureAwait(false);
            if (_failing)
            {
                _failing = false;
                HostingLog.HeartbeatRecovered(_logger, _row.Id, _row.Context);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            if (_failing)
            {
                HostingLog.HeartbeatFailedAgain(_logger, _row.Id, _row.Context, Failures.Describe(error, connectionString));
            }
            else
            {
                _failing = true;
                HostingLog.HeartbeatFailed(_logger, _row.Id, _row.Context, _interval, Failures.Describe(error, connectionString));
            }
        }
    }

    /// <summary>
    /// Creates the registry when it is missing, until that is seen done once (asking first: <c>CREATE TABLE IF NOT
    /// EXISTS</c> needs the CREATE privilege even when the table is there, which an app's role often lacks).
    /// </summary>
    private async Task EnsureRegistryAsync(DbContext context, string? connectionString, CancellationToken cancellationToken)
    {
        if (_registryChecked)
        {
            return;
        }

        try
        {
            await new InstanceRegistry(context.Database.GetDbConnection(), Sql(context)).EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            _registryChecked = true;
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Another instance may create it meanwhile, or someone with the right role: the heartbeat itself is tried anyway.
            if (!_registryWarned)
            {
                _registryWarned = true;
                HostingLog.RegistryNotCreated(_logger, _row.Context, Failures.Describe(error, connectionString));
            }
        }
    }
}
