using EfSafeMigrations.Deployment;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Tests.TestInfrastructure;
using MySqlConnector;

namespace EfSafeMigrations.Tests.Dialects.MySql;

/// <summary>Deployment flags and the instance registry on real MariaDB.</summary>
public sealed class MySqlDeploymentSqlTests
{
    private static readonly IDeploymentSql Sql = DatabaseDialects.MySql.Deployment;

    [Fact]
    public async Task Flags_are_set_changed_and_read_back()
    {
        await using var database = await MariaDbDatabase.CreateAsync("my_flags");
        await using var connection = new MySqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var flags = new FlagStore(connection, Sql);
        Assert.Empty(await flags.ReadAsync(CancellationToken.None));
        await flags.EnsureCreatedAsync(CancellationToken.None);

        await flags.WriteAsync("AddEmail.Backfilled", true, "runner", CancellationToken.None);
        await flags.WriteAsync("AddEmail.Backfilled", false, "operator", CancellationToken.None);
        await flags.WriteAsync("Other", true, "runner", CancellationToken.None);

        var read = await flags.ReadAsync(CancellationToken.None);
        Assert.Equal([("AddEmail.Backfilled", false, "operator"), ("Other", true, "runner")], read.Select(f => (f.Name, f.Enabled, f.SetBy)));
    }

    [Fact]
    public async Task Instances_beat_are_read_with_the_seconds_since_their_heartbeat_and_silent_ones_are_forgotten()
    {
        await using var database = await MariaDbDatabase.CreateAsync("my_instances");
        await using var connection = new MySqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var registry = new InstanceRegistry(connection, Sql);
        await registry.EnsureCreatedAsync(CancellationToken.None);
        var started = new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

        await registry.HeartbeatAsync(new InstanceRow("a", "web-1", 11, "Shop", "ShopContext", "M1", started, 0), CancellationToken.None);
        await registry.HeartbeatAsync(new InstanceRow("a", "web-1", 11, "Shop", "ShopContext", "M2", started, 0), CancellationToken.None);
        await registry.HeartbeatAsync(new InstanceRow("b", "web-2", 12, "Shop", "ShopContext", null, started, 0), CancellationToken.None);
        await database.ExecuteAsync("UPDATE `__EFSafeMigrationsInstances` SET heartbeat_at = CURRENT_TIMESTAMP(6) - INTERVAL 90 SECOND WHERE instance_id = 'b'");

        var read = await registry.ReadAsync(CancellationToken.None);
        Assert.Equal([("a", "M2"), ("b", null)], read.Select(i => (i.Id, i.NewestMigration)));
        Assert.InRange(read[1].SecondsSinceHeartbeat, 89, 120);
        await registry.RemoveSilentAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.Equal(["a"], (await registry.ReadAsync(CancellationToken.None)).Select(i => i.Id));
    }
}
