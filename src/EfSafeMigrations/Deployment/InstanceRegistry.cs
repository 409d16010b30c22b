using System.Data.Common;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Sql;

namespace EfSafeMigrations.Deployment;

/// <summary>The instance registry: each app's heartbeat keeps its row fresh; the contract gate reads it.</summary>
/// <param name="connection">An open connection.</param>
/// <param name="sql">The dialect's deployment SQL.</param>
internal sealed class InstanceRegistry(DbConnection connection, IDeploymentSql sql)
{
    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
        => AdoCommands.CreateIfMissingAsync(connection, sql.InstancesTableExists, sql.CreateInstancesTable, cancellationToken);

    public Task HeartbeatAsync(InstanceRow instance, CancellationToken cancellationToken)
        => AdoCommands.ExecuteAsync(
            connection,
            sql.Heartbeat,
            null,
            cancellationToken,
            null,
            ("id", instance.Id),
            ("host", instance.Host),
            ("process_id", instance.ProcessId),
            ("app", instance.App),
            ("context", instance.Context),
            ("newest_migration", instance.NewestMigration),
            ("started_at", instance.StartedAt));

    public Task RemoveAsync(string id, CancellationToken cancellationToken)
        => AdoCommands.ExecuteAsync(connection, sql.RemoveInstance, null, cancellationToken, null, ("id", id));

    /// <summary>Forgets instances silent for longer than <paramref name="silentFor"/> (killed processes never remove their rows); the registry must exist.</summary>
    public Task RemoveSilentAsync(TimeSpan silentFor, CancellationToken cancellationToken)
        => AdoCommands.ExecuteAsync(connection, sql.RemoveSilentInstances, null, cancellationToken, null, ("seconds", silentFor.TotalSeconds));

    /// <summary>Every registered instance; none while the registry does not exist yet.</summary>
    public Task<IReadOnlyList<InstanceRow>> ReadAsync(CancellationToken cancellationToken)
        => AdoCommands.ReadIfExistsAsync(
            connection,
            sql.InstancesTableExists,
            sql.ReadInstances,
            r => new InstanceRow(
                r.GetString(0),
                r.GetString(1),
                r.GetInt32(2),
                r.GetString(3),
                r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5),
                r.GetFieldValue<DateTimeOffset>(6),
                r.GetDouble(7)),
            cancellationToken);
}
