using EfSafeMigrations.Running;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EfSafeMigrations.Hosting;

/// <summary>
/// Whether the database is ready for this version of the app: every Expand and Backfill among the app's compiled
/// migrations is applied (an unstaged migration counts as an Expand). A pending Contract is fine: it runs after
/// the rollout, once no old instance is left.
/// </summary>
/// <typeparam name="TContext">The app's context.</typeparam>
internal sealed class SafeMigrationsHealthCheck<TContext>(IServiceProvider services) : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        string? connectionString = null;
        try
        {
            await using var lease = ContextLease.From<TContext>(services);
            var db = lease.Context;
            connectionString = db.Database.GetConnectionString();
            var history = db.GetService<IHistoryRepository>();
            var applied = await history.ExistsAsync(cancellationToken).ConfigureAwait(false)
                ? (await history.GetAppliedMigrationsAsync(cancellationToken).ConfigureAwait(false)).Select(r => r.MigrationId).ToHashSet(StringComparer.Ordinal)
                : [];
            var ids = db.GetService<IMigrationsIdGenerator>();
            var migrations = MigrationCatalog.Read(db.GetService<IMigrationsAssembly>(), ids, applied).SelectMany(g => g.Migrations).ToList();
            var missing = migrations.Where(m => !m.Applied && m.Phase != MigrationPhase.Contract).ToList();
            var contracts = migrations.Where(m => !m.Applied && m.Phase == MigrationPhase.Contract).Select(m => ids.GetName(m.Id)).ToList();
            var data = new Dictionary<string, object>
            {
                ["missing"] = missing.Select(m => ids.GetName(m.Id)).ToArray(),
                ["pendingContracts"] = contracts.ToArray(),
            };
            if (missing.Count > 0)
            {
                var commands = missing.Select(m => m.Phase).Distinct().Order().Select(p => $"`dotnet safe-migrate phase {p.ToString().ToLowerInvariant()}`");
                return new HealthCheckResult(
                    context.Registration.FailureStatus,
                    $"database lacks {string.Join(", ", missing.Select(m => ids.GetName(m.Id)))}; run {string.Join(", then ", commands)}",
                    data: data);
            }

            return HealthCheckResult.Healthy(
                contracts.Count == 0
                    ? $"database has all {migrations.Count} migrations of {typeof(TContext).Name}"
                    : $"database has every Expand and Backfill of {typeof(TContext).Name}; pending Contract (after the rollout): {string.Join(", ", contracts)}",
                data);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error)
        {
            var description = Failures.Describe(error, connectionString);
            // The exception travels to health report writers; one whose text held the password is replaced by its scrubbed text.
            var shown = Failures.Describe(error, null) == description ? error : new InvalidOperationException(description);
            return new HealthCheckResult(context.Registration.FailureStatus, $"cannot read the migration history of {typeof(TContext).Name}: {description}", shown);
        }
    }
}
