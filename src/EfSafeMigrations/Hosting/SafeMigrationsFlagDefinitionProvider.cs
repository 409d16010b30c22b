using EfSafeMigrations.Deployment;
using EfSafeMigrations.Dialects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.FeatureManagement;

namespace EfSafeMigrations.Hosting;

/// <summary>
/// Serves the deployment flags table (<c>__EFSafeMigrationsFlags</c>) as feature definitions: an enabled flag is
/// always on, a disabled one off. A feature the table does not hold comes from the provider that was registered
/// before (configuration, as FeatureManagement does by default), so a flag that was never set is off unless
/// configuration defines it.
/// </summary>
/// <typeparam name="TContext">The context whose database holds the flags.</typeparam>
internal sealed class SafeMigrationsFlagDefinitionProvider<TContext> : IFeatureDefinitionProvider, IDisposable
    where TContext : DbContext
{
    /// <summary>The name FeatureManagement's evaluator treats as "on" without a filter being registered.</summary>
    private const string AlwaysOn = "AlwaysOn";

    private readonly IServiceProvider _services;
    private readonly IFeatureDefinitionProvider? _fallback;
    private readonly bool _ownsFallback;
    private readonly TimeSpan _cacheDuration;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Snapshot _snapshot = Snapshot.Of(new Dictionary<string, bool>(StringComparer.Ordinal), DateTimeOffset.MinValue, null);
    private Task<Snapshot>? _refresh;

    public SafeMigrationsFlagDefinitionProvider(
        IServiceProvider services, IFeatureDefinitionProvider? fallback, bool ownsFallback, SafeMigrationsFlagsOptions options, TimeProvider time, ILogger logger)
    {
        _services = services;
        _fallback = fallback;
        _ownsFallback = ownsFallback;
        _cacheDuration = options.CacheDuration;
        _time = time;
        _logger = logger;
    }

    public Task<FeatureDefinition> GetFeatureDefinitionAsync(string featureName)
    {
        // The hot path: a fresh read answers with the flag's completed task, allocating nothing.
        lock (_gate)
        {
            if (_time.GetUtcNow() < _snapshot.FreshUntil)
            {
                return _snapshot.Definitions.TryGetValue(featureName, out var definition) ? definition : FallbackAsync(featureName);
            }
        }

        return ReadThenAnswerAsync(featureName);
    }

    private async Task<FeatureDefinition> ReadThenAnswerAsync(string featureName)
    {
        var snapshot = await SnapshotAsync().ConfigureAwait(false);
        return snapshot.Definitions.TryGetValue(featureName, out var definition)
            ? await definition.ConfigureAwait(false)
            : await FallbackAsync(featureName).ConfigureAwait(false);
    }

    private Task<FeatureDefinition> FallbackAsync(string featureName)
        => _fallback == null ? Task.FromResult<FeatureDefinition>(null!) : _fallback.GetFeatureDefinitionAsync(featureName);

    public async IAsyncEnumerable<FeatureDefinition> GetAllFeatureDefinitionsAsync()
    {
        var flags = (await SnapshotAsync().ConfigureAwait(false)).Flags;
        foreach (var (name, enabled) in flags.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            yield return Definition(name, enabled);
        }

        if (_fallback == null)
        {
            yield break;
        }

        await foreach (var definition in _fallback.GetAllFeatureDefinitionsAsync().ConfigureAwait(false))
        {
            if (!flags.ContainsKey(definition.Name))
            {
                yield return definition;
            }
        }
    }

    public void Dispose()
    {
        if (_ownsFallback)
        {
            (_fallback as IDisposable)?.Dispose();
        }
    }

    private static FeatureDefinition Definition(string name, bool enabled) => enabled
        ? new FeatureDefinition { Name = name, EnabledFor = [new FeatureFilterConfiguration { Name = AlwaysOn }] }
        : new FeatureDefinition { Name = name, Status = FeatureStatus.Disabled };

    /// <summary>The flags as last read; read again when older than the cache duration, by one caller for all.</summary>
    private async Task<Snapshot> SnapshotAsync()
    {
        Task<Snapshot> refresh;
        lock (_gate)
        {
            if (_time.GetUtcNow() < _snapshot.FreshUntil)
            {
                return _snapshot;
            }

            if (_refresh == null || _refresh.IsCompleted)
            {
                _refresh = ReadAsync();
            }

            refresh = _refresh;
        }

        return await refresh.ConfigureAwait(false);
    }

    /// <summary>Reads the table; never throws: a failure keeps the last values (none: every flag off) for another period.</summary>
    private async Task<Snapshot> ReadAsync()
    {
        // Off the caller's stack, so the lock above is never held across the read.
        await Task.Yield();
        Snapshot next;
        string? connectionString = null;
        try
        {
            await using var lease = ContextLease.From<TContext>(_services);
            var context = lease.Context;
            connectionString = context.Database.GetConnectionString();
            await context.Database.OpenConnectionAsync().ConfigureAwait(false);
            var rows = await new FlagStore(context.Database.GetDbConnection(), DatabaseDialects.ForProvider(context.Database.ProviderName).Deployment)
                .ReadAsync(CancellationToken.None).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            next = Snapshot.Of(rows.ToDictionary(r => r.Name, r => r.Enabled, StringComparer.Ordinal), now + _cacheDuration, now);
        }
        catch (Exception error)
        {
            var last = _snapshot;
            HostingLog.FlagsNotRead(
                _logger,
                typeof(TContext).Name,
                last.ReadAt is { } readAt ? $" (read at {readAt:O})" : " (none yet: every flag is off)",
                Failures.Describe(error, connectionString));
            next = last with { FreshUntil = _time.GetUtcNow() + _cacheDuration };
        }

        lock (_gate)
        {
            _snapshot = next;
        }

        return next;
    }

    /// <summary>One read of the table: the flags, and per flag its definition as a completed task, built once per read.</summary>
    private sealed record Snapshot(IReadOnlyDictionary<string, bool> Flags, IReadOnlyDictionary<string, Task<FeatureDefinition>> Definitions, DateTimeOffset FreshUntil, DateTimeOffset? ReadAt)
    {
        public static Snapshot Of(IReadOnlyDictionary<string, bool> flags, DateTimeOffset freshUntil, DateTimeOffset? readAt)
            => new(flags, flags.ToDictionary(f => f.Key, f => Task.FromResult(Definition(f.Key, f.Value)), StringComparer.Ordinal), freshUntil, readAt);
    }
}
