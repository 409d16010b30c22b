using static EfSafeMigrations.Dialects.MySql.MySqlText;

namespace EfSafeMigrations.Dialects.MySql;

/// <summary>The deployment flags and the instance registry on MySQL and MariaDB.</summary>
internal sealed class MySqlDeploymentSql : IDeploymentSql
{
    private const string Flags = "`__EFSafeMigrationsFlags`";
    private const string Instances = "`__EFSafeMigrationsInstances`";

    public string CreateFlagsTable =>
        $"""
        CREATE TABLE IF NOT EXISTS {Flags} (
            name varchar(200) NOT NULL PRIMARY KEY,
            enabled boolean NOT NULL,
            set_by varchar(200) NOT NULL,
            updated_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ) CHARACTER SET utf8mb4;
        """;

    public string FlagsTableExists => TableExists("__EFSafeMigrationsFlags", null);

    public string ReadFlags => $"SELECT name, enabled, set_by, updated_at FROM {Flags} ORDER BY name;";

    public string WriteFlag =>
        $"""
        INSERT INTO {Flags} (name, enabled, set_by, updated_at) VALUES (@name, @enabled, @set_by, CURRENT_TIMESTAMP(6))
        ON DUPLICATE KEY UPDATE enabled = VALUES(enabled), set_by = VALUES(set_by), updated_at = CURRENT_TIMESTAMP(6);
        """;

    public string CreateInstancesTable =>
        $"""
        CREATE TABLE IF NOT EXISTS {Instances} (
            instance_id varchar(200) NOT NULL PRIMARY KEY,
            host varchar(255) NOT NULL,
            process_id int NOT NULL,
            app varchar(255) NOT NULL,
            context varchar(255) NOT NULL,
            newest_migration varchar(150) NULL,
            started_at datetime(6) NOT NULL,
            heartbeat_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ) CHARACTER SET utf8mb4;
        """;

    public string InstancesTableExists => TableExists("__EFSafeMigrationsInstances", null);

    public string Heartbeat =>
        $"""
        INSERT INTO {Instances} (instance_id, host, process_id, app, context, newest_migration, started_at, heartbeat_at)
        VALUES (@id, @host, @process_id, @app, @context, @newest_migration, @started_at, CURRENT_TIMESTAMP(6))
        ON DUPLICATE KEY UPDATE heartbeat_at = CURRENT_TIMESTAMP(6), newest_migration = VALUES(newest_migration);
        """;

    public string RemoveInstance => $"DELETE FROM {Instances} WHERE instance_id = @id;";

    public string ReadInstances =>
        $"""
        SELECT instance_id, host, process_id, app, context, newest_migration, started_at,
               CAST(TIMESTAMPDIFF(MICROSECOND, heartbeat_at, CURRENT_TIMESTAMP(6)) / 1000000 AS DOUBLE) AS seconds_since_heartbeat
        FROM {Instances} ORDER BY started_at, instance_id;
        """;

    public string RemoveSilentInstances => $"DELETE FROM {Instances} WHERE heartbeat_at < CURRENT_TIMESTAMP(6) - INTERVAL @seconds SECOND;";
}
