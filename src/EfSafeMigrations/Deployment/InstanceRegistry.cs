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
        => AdoCommands.ExecuteAsync(connection, sql.CreateInstancesTable, null, cancellationToken);

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

    public Task RemoveSilentAsync(TimeSpan silentFor, CancellationToken cancellationToken)
        => AdoCommands.ExecuteAsync(connection, sql.RemoveSilentInstances, null, cancellationToken, null, ("seconds", silentFor.TotalSeconds));

    /// <summary>Every registered instance; none while the registry does not exist yet.</summary>
    public async Task<IReadOnlyList<InstanceRow>> ReadAsync(CancellationToken cancellationToken)
    {
        var instances = new List<InstanceRow>();
        if (await AdoCommands.ScalarAsync(connection, sql.InstancesTableExists, cancellationToken).ConfigureAwait(false) is not true)
        {
            return instances;
        }

        await using var command = AdoCommands.Create(connection, sql.ReadInstances, null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            instances.Add(new InstanceRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetDouble(7)));
        }

        return instances;
    }
}
