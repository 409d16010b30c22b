namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>The deployment flags and the instance registry on PostgreSQL.</summary>
internal sealed class PostgreSqlDeploymentSql : IDeploymentSql
{
    private const string Flags = "\"__EFSafeMigrationsFlags\"";
    private const string Instances = "\"__EFSafeMigrationsInstances\"";

    public string CreateFlagsTable =>
        $"""
        CREATE TABLE IF NOT EXISTS {Flags} (
            name text PRIMARY KEY,
            enabled boolean NOT NULL,
            set_by text NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        """;

    public string FlagsTableExists => $"SELECT to_regclass('{Flags}') IS NOT NULL;";

    public string ReadFlags => $"SELECT name, enabled, set_by, updated_at FROM {Flags} ORDER BY name;";

    public string WriteFlag =>
        $"""
        INSERT INTO {Flags} (name, enabled, set_by, updated_at) VALUES (@name, @enabled, @set_by, now())
        ON CONFLICT (name) DO UPDATE SET enabled = EXCLUDED.enabled, set_by = EXCLUDED.set_by, updated_at = now();
        """;

    public string CreateInstancesTable =>
        $"""
        CREATE TABLE IF NOT EXISTS {Instances} (
            instance_id text PRIMARY KEY,
            host text NOT NULL,
            process_id integer NOT NULL,
            app text NOT NULL,
            context text NOT NULL,
            newest_migration text,
            started_at timestamptz NOT NULL,
            heartbeat_at timestamptz NOT NULL DEFAULT now()
        );
        """;

    public string InstancesTableExists => $"SELECT to_regclass('{Instances}') IS NOT NULL;";

    public string Heartbeat =>
        $"""
        INSERT INTO {Instances} (instance_id, host, process_id, app, context, newest_migration, started_at, heartbeat_at)
        VALUES (@id, @host, @process_id, @app, @context, @newest_migration, @started_at, now())
        ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = now(), newest_migration = EXCLUDED.newest_migration;
        """;

    public string RemoveInstance => $"DELETE FROM {Instances} WHERE instance_id = @id;";

    public string ReadInstances =>
        $"""
        SELECT instance_id, host, process_id, app, context, newest_migration, started_at,
               EXTRACT(EPOCH FROM now() - heartbeat_at)::float8 AS seconds_since_heartbeat
        FROM {Instances} ORDER BY started_at, instance_id;
        """;

    public string RemoveSilentInstances => $"DELETE FROM {Instances} WHERE heartbeat_at < now() - make_interval(secs => @seconds);";
}
