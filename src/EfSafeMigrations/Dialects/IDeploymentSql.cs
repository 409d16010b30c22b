namespace EfSafeMigrations.Dialects;

/// <summary>
/// The SQL of what the runner shares with running apps: deployment flags (set by the runner, read by the
/// app through Microsoft.FeatureManagement) and the instance registry (written by each app's heartbeat,
/// read by the contract gate).
/// </summary>
public interface IDeploymentSql
{
    /// <summary>Creates the flags table if it is missing.</summary>
    string CreateFlagsTable { get; }

    /// <summary>Whether the flags table exists, one boolean row.</summary>
    string FlagsTableExists { get; }

    /// <summary>Selects <c>name, enabled, set_by, updated_at</c> of every flag.</summary>
    string ReadFlags { get; }

    /// <summary>Inserts or updates a flag; parameters <c>@name, @enabled, @set_by</c>.</summary>
    string WriteFlag { get; }

    /// <summary>Creates the instance registry if it is missing.</summary>
    string CreateInstancesTable { get; }

    /// <summary>Whether the instance registry exists, one boolean row.</summary>
    string InstancesTableExists { get; }

    /// <summary>
    /// Inserts or refreshes an instance's row with the database's clock; parameters <c>@id, @host,
    /// @process_id, @app, @context, @newest_migration, @started_at</c>.
    /// </summary>
    string Heartbeat { get; }

    /// <summary>Deletes an instance's row; parameter <c>@id</c>.</summary>
    string RemoveInstance { get; }

    /// <summary>
    /// Selects <c>instance_id, host, process_id, app, context, newest_migration, started_at,
    /// seconds_since_heartbeat</c> of every instance, by the database's clock.
    /// </summary>
    string ReadInstances { get; }

    /// <summary>Deletes instances silent for longer than <c>@seconds</c>, so the registry does not grow without bound.</summary>
    string RemoveSilentInstances { get; }
}
