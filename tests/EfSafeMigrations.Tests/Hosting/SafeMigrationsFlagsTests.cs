using EfSafeMigrations.Deployment;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Hosting;
using EfSafeMigrations.Tests.Running.Fixtures;
using EfSafeMigrations.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.FeatureManagement;
using Npgsql;

namespace EfSafeMigrations.Tests.Hosting;

/// <summary>The runner's deployment flags read through Microsoft.FeatureManagement in a host, on a real PostgreSQL.</summary>
public sealed class SafeMigrationsFlagsTests
{
    private static readonly TimeSpan Cache = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_flag_is_off_until_it_is_written_and_the_change_shows_once_the_cache_expires()
    {
        await using var database = await PostgresDatabase.CreateAsync("flags");
        var clock = new ManualClock();
        using var host = BuildHost(database.ConnectionString, clock);
        var features = host.Services.GetRequiredService<IFeatureManager>();
        var backfilled = PhaseFlags.Backfilled("Label");

        Assert.False(await features.IsEnabledAsync(backfilled));
        await WriteFlagAsync(database, backfilled, enabled: true);
        Assert.False(await features.IsEnabledAsync(backfilled));
        clock.Advance(Cache);
        Assert.True(await features.IsEnabledAsync(backfilled));

        await WriteFlagAsync(database, backfilled, enabled: false);
        await WriteFlagAsync(database, PhaseFlags.Expanded("Label"), enabled: true);
        Assert.True(await features.IsEnabledAsync(backfilled));
        clock.Advance(Cache - TimeSpan.FromMilliseconds(1));
        Assert.True(await features.IsEnabledAsync(backfilled));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(await features.IsEnabledAsync(backfilled));
        Assert.True(await features.IsEnabledAsync(PhaseFlags.Expanded("Label")));
        Assert.False(await features.IsEnabledAsync(PhaseFlags.Contracted("Label")));
    }

    [Fact]
    public async Task Features_from_configuration_still_work_beside_the_flags()
    {
        await using var database = await PostgresDatabase.CreateAsync("flags");
        await WriteFlagAsync(database, PhaseFlags.Expanded("Label"), enabled: true);
        using var host = BuildHost(database.ConnectionString, new ManualClock(), new()
        {
            ["FeatureManagement:NewCheckout"] = "true",
            ["FeatureManagement:OldCheckout"] = "false",
            ["FeatureManagement:Label.backfilled"] = "true",
        });
        var features = host.Services.GetRequiredService<IFeatureManager>();

        Assert.True(await features.IsEnabledAsync("NewCheckout"));
        Assert.False(await features.IsEnabledAsync("OldCheckout"));
        Assert.False(await features.IsEnabledAsync("Unknown"));
        Assert.True(await features.IsEnabledAsync(PhaseFlags.Expanded("Label")));
        // Configuration may switch on a flag the runner has not set (a development database without the runner)...
        Assert.True(await features.IsEnabledAsync(PhaseFlags.Backfilled("Label")));
        // ...but once the table holds it, the table wins.
        await WriteFlagAsync(database, PhaseFlags.Backfilled("Label"), enabled: false);
        var fresh = BuildHost(database.ConnectionString, new ManualClock(), new() { ["FeatureManagement:Label.backfilled"] = "true" });
        using (fresh)
        {
            Assert.False(await fresh.Services.GetRequiredService<IFeatureManager>().IsEnabledAsync(PhaseFlags.Backfilled("Label")));
        }

        var names = new List<string>();
        await foreach (var name in features.GetFeatureNamesAsync())
        {
            names.Add(name);
        }

        Assert.Equal(["Label.backfilled", "Label.expanded", "NewCheckout", "OldCheckout"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_failing_read_keeps_the_last_values_and_a_database_never_read_serves_every_flag_off()
    {
        await using var database = await PostgresDatabase.CreateAsync("flags");
        await WriteFlagAsync(database, PhaseFlags.Backfilled("Label"), enabled: true);
        var clock = new ManualClock();
        var logs = new RecordingLogger();
        using var host = BuildHost(database.ConnectionString, clock, logs: logs);
        var features = host.Services.GetRequiredService<IFeatureManager>();
        Assert.True(await features.IsEnabledAsync(PhaseFlags.Backfilled("Label")));

        await ShutAsync(database);
        clock.Advance(Cache);

        Assert.True(await features.IsEnabledAsync(PhaseFlags.Backfilled("Label")));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith("Could not read the deployment flags of RunnerFixtureContext; serving the last values read (read at", StringComparison.Ordinal));

        var unreachable = $"Host=127.0.0.1;Port={ClosedPort.Next()};Database=shop;Username=app;Password=Secret-Pass-9;Timeout=5";
        var neverRead = new RecordingLogger();
        using var other = BuildHost(unreachable, new ManualClock(), logs: neverRead);
        Assert.False(await other.Services.GetRequiredService<IFeatureManager>().IsEnabledAsync(PhaseFlags.Backfilled("Label")));
        var warning = Assert.Single(neverRead.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("(none yet: every flag is off)", warning.Message);
        Assert.DoesNotContain("Secret-Pass-9", warning.Message);
    }

    [Fact]
    public async Task Concurrent_first_readers_all_get_the_flags_and_later_readers_are_served_from_the_cache()
    {
        await using var database = await PostgresDatabase.CreateAsync("flags");
        var clock = new ManualClock();
        using var host = BuildHost(database.ConnectionString, clock);
        var features = host.Services.GetRequiredService<IFeatureManager>();
        await WriteFlagAsync(database, PhaseFlags.Backfilled("Label"), enabled: true);

        var first = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => features.IsEnabledAsync(PhaseFlags.Backfilled("Label")))));
        await WriteFlagAsync(database, PhaseFlags.Backfilled("Label"), enabled: false);
        var second = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => features.IsEnabledAsync(PhaseFlags.Backfilled("Label")))));

        Assert.All(first, Assert.True);
        Assert.All(second, Assert.True);
    }

    private static IHost BuildHost(string connectionString, TimeProvider clock, Dictionary<string, string?>? configuration = null, RecordingLogger? logs = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(configuration ?? []);
        builder.Logging.ClearProviders();
        if (logs != null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddSingleton(clock);
        builder.Services.AddDbContext<RunnerFixtureContext>(o => o.UseNpgsql(connectionString).UseSafeMigrations());
        builder.Services.AddFeatureManagement().AddSafeMigrationsFlags<RunnerFixtureContext>(o => o.CacheDuration = Cache);
        return builder.Build();
    }

    private static async Task WriteFlagAsync(PostgresDatabase database, string name, bool enabled)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var flags = new FlagStore(connection, DatabaseDialects.PostgreSql.Deployment);
        await flags.EnsureCreatedAsync(CancellationToken.None);
        await flags.WriteAsync(name, enabled, "test", CancellationToken.None);
    }

    /// <summary>Makes the database refuse connections and ends the ones open, so the app's next read fails.</summary>
    private static async Task ShutAsync(PostgresDatabase database)
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
            ALTER DATABASE "{database.Name}" ALLOW_CONNECTIONS false;
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database.Name}';
            """,
            connection);
        await command.ExecuteNonQueryAsync();
        await using var pooled = new NpgsqlConnection(database.ConnectionString);
        NpgsqlConnection.ClearPool(pooled);
    }
}
