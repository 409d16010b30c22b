using EfSafeMigrations.Hosting;
using EfSafeMigrations.Tests.Running.Fixtures;
using EfSafeMigrations.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EfSafeMigrations.Tests.Hosting;

/// <summary>An app instance's heartbeat in the instance registry, in real hosts on a real PostgreSQL.</summary>
public sealed class SafeMigrationsHeartbeatTests
{
    private const string Registry = "\"__EFSafeMigrationsInstances\"";

    [Fact]
    public async Task A_running_host_keeps_its_row_with_its_newest_migration_fresh_and_removes_it_when_it_stops()
    {
        await using var database = await PostgresDatabase.CreateAsync("heartbeat");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<RunnerFixtureContext>(o => o.UseNpgsql(database.ConnectionString).UseSafeMigrations());
        builder.Services.AddSafeMigrationsHeartbeat<RunnerFixtureContext>(o => o.Interval = TimeSpan.FromMilliseconds(200));
        using var host = builder.Build();

        await host.StartAsync();
        var first = await WaitForAsync(database, $"SELECT heartbeat_at FROM {Registry}", (DateTime? at) => at != null);

        Assert.Equal(
            $"{Environment.MachineName}|{Environment.ProcessId}|{typeof(RunnerFixtureContext).FullName}|20260101000004_Extra_Expand|1",
            await database.ScalarAsync<string>($"SELECT host || '|' || process_id || '|' || context || '|' || newest_migration || '|' || count(*) OVER () FROM {Registry}"));
        await WaitForAsync(database, $"SELECT heartbeat_at FROM {Registry}", (DateTime? at) => at > first);

        await host.StopAsync();

        Assert.Equal(0L, await database.ScalarAsync<long>($"SELECT count(*) FROM {Registry}"));
    }

    [Fact]
    public async Task A_heartbeat_that_cannot_reach_the_database_logs_and_retries_and_the_host_runs_on()
    {
        var connectionString = $"Host=127.0.0.1;Port={ClosedPort.Next()};Database=shop;Username=app;Password=Secret-Pass-9;Timeout=5";
        var logs = new RecordingLogger();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddDbContext<RunnerFixtureContext>(o => o.UseNpgsql(connectionString).UseSafeMigrations());
        builder.Services.AddSafeMigrationsHeartbeat<RunnerFixtureContext>(o => o.Interval = TimeSpan.FromMilliseconds(100));
        using var host = builder.Build();

        await host.StartAsync();
        var failed = await logs.WaitForAsync(e => e.Message.Contains("heartbeat of instance", StringComparison.Ordinal) && e.Message.Contains(" failed;", StringComparison.Ordinal));
        await logs.WaitForAsync(e => e.Message.Contains("failed again", StringComparison.Ordinal));

        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Contains("Failed to connect to 127.0.0.1", failed.Message);
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        await host.StopAsync();
        Assert.Contains(logs.Entries, e => e.Message.Contains("could not remove its row", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("Secret-Pass-9", StringComparison.Ordinal));
        // EF Core logs each failed connection as an error of its own; the heartbeat's own failures are warnings.
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error && !e.Category.StartsWith("Microsoft.EntityFrameworkCore.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_console_app_heartbeat_writes_its_row_and_removes_it_when_disposed()
    {
        await using var database = await PostgresDatabase.CreateAsync("heartbeat");

        await using (var heartbeat = await SafeMigrationsHeartbeat.StartAsync(
            () => RunnerFixtureContext.Create(database.ConnectionString), new SafeMigrationsHeartbeatOptions { App = "console-app" }))
        {
            Assert.Equal("20260101000004_Extra_Expand", heartbeat.NewestMigration);
            Assert.Equal(
                $"{heartbeat.InstanceId}|console-app|20260101000004_Extra_Expand",
                await database.ScalarAsync<string>($"SELECT instance_id || '|' || app || '|' || newest_migration FROM {Registry}"));
        }

        Assert.Equal(0L, await database.ScalarAsync<long>($"SELECT count(*) FROM {Registry}"));
    }

    [Fact]
    public async Task A_context_without_migrations_reports_none_and_two_heartbeats_keep_two_rows()
    {
        await using var database = await PostgresDatabase.CreateAsync("heartbeat");
        Func<DbContext> plain = () => new DbContext(new DbContextOptionsBuilder().UseNpgsql(database.ConnectionString).Options);

        await using var one = await SafeMigrationsHeartbeat.StartAsync(plain);
        await using var two = await SafeMigrationsHeartbeat.StartAsync(() => RunnerFixtureContext.Create(database.ConnectionString));

        Assert.Null(one.NewestMigration);
        Assert.NotEqual(one.InstanceId, two.InstanceId);
        Assert.Equal(
            $"{typeof(RunnerFixtureContext).FullName}=20260101000004_Extra_Expand,{typeof(DbContext).FullName}=(none)",
            await database.ScalarAsync<string>($"SELECT string_agg(context || '=' || coalesce(newest_migration, '(none)'), ',' ORDER BY context) FROM {Registry}"));
        await one.StopAsync();
        Assert.Equal(two.InstanceId, await database.ScalarAsync<string>($"SELECT string_agg(instance_id, ',') FROM {Registry}"));
    }

    [Fact]
    public async Task An_app_role_that_may_not_create_tables_warns_once_and_heartbeats_once_the_runner_created_the_registry_and_rights_are_granted()
    {
        await using var database = await PostgresDatabase.CreateAsync("heartbeat");
        // The app's tables live in a schema of the database owner's where the test server's `replicator` login may use
        // tables but not create them (whatever the server's defaults: PUBLIC may create tables in public before 15).
        const string Schema = "app_tables";
        const string QualifiedRegistry = Schema + "." + Registry;
        await database.ExecuteAsync($"CREATE SCHEMA {Schema}; GRANT USAGE ON SCHEMA {Schema} TO replicator");
        var owner = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { SearchPath = Schema }.ConnectionString;
        var restricted = new Npgsql.NpgsqlConnectionStringBuilder(owner) { Username = "replicator", Password = "replicator" }.ConnectionString;
        try
        {
            var logs = new RecordingLogger();
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
            builder.Services.AddDbContext<Shop.ShopContext>(o => o.UseNpgsql(restricted).UseSafeMigrations());
            builder.Services.AddSafeMigrationsHeartbeat<Shop.ShopContext>(o => o.Interval = TimeSpan.FromMilliseconds(200));
            using var host = builder.Build();

            await host.StartAsync();
            var warning = await logs.WaitForAsync(e => e.Message.StartsWith("Could not create the instance registry", StringComparison.Ordinal));
            Assert.Equal(LogLevel.Warning, warning.Level);
            Assert.Contains("permission denied", warning.Message, StringComparison.Ordinal);

            var expand = await EfSafeMigrations.Tests.Running.RunnerScenario.RunAsync(
                () => new Shop.ShopContext(Shop.ShopContext.Options(owner)), EfSafeMigrations.Running.Protocol.RunnerCommand.Phase, MigrationPhase.Expand);
            Assert.Equal(0, expand.Result.ExitCode);
            await database.ExecuteAsync($"GRANT SELECT, INSERT, UPDATE, DELETE ON {QualifiedRegistry} TO replicator");

            Assert.Equal(
                "20261121074358_CustomerDetails_Contract",
                await WaitForAsync(database, $"SELECT newest_migration FROM {QualifiedRegistry}", (string? newest) => newest != null));
            await host.StopAsync();
            Assert.Equal(0L, await database.ScalarAsync<long>($"SELECT count(*) FROM {QualifiedRegistry}"));
            Assert.Single(logs.Entries, e => e.Message.StartsWith("Could not create the instance registry", StringComparison.Ordinal));
        }
        finally
        {
            // Its connections would keep the database from being dropped: the app login may not end another role's
            // sessions. No new one may start (a heartbeat still winding down would reconnect), the idle ones are
            // closed, and closing is asynchronous on the server's side, so wait until they are gone.
            await database.ExecuteAsync($"REVOKE CONNECT ON DATABASE \"{database.Name}\" FROM PUBLIC");
            Npgsql.NpgsqlConnection.ClearPool(new Npgsql.NpgsqlConnection(restricted));
            await WaitForAsync(
                database,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = 'replicator'",
                (long sessions) => sessions == 0);
        }
    }

    /// <summary>Polls a query until its value matches (bounded, so a broken heartbeat fails instead of hanging), and returns that value.</summary>
    private static async Task<T?> WaitForAsync<T>(PostgresDatabase database, string sql, Func<T?, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        T? value = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                value = await database.ScalarAsync<T>(sql);
                if (match(value))
                {
                    return value;
                }
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == "42P01")
            {
                // The registry is not created yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"'{sql}' still gives {value}.");
    }
}
