using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Benchmarks.Model;
using EfSafeMigrations.Benchmarks.Plain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace EfSafeMigrations.Benchmarks.Setup;

/// <summary>
/// The benchmark's databases: a seed with the starting schema and the rows, and identical copies of it
/// (CREATE DATABASE ... TEMPLATE): one for the single-UPDATE baseline, one for the plain migration, one for
/// the staged phases, and per round of the no-writer pair one for the single UPDATE after the staged Expand
/// and one for the staged backfill with no writers.
/// </summary>
public sealed class BenchDatabases
{
    private const string Prefix = "esm_bench_";
    private const int MaxRounds = 9;
    private readonly NpgsqlConnectionStringBuilder _admin;
    private readonly int _rounds;

    private BenchDatabases(string adminConnectionString, int rounds)
    {
        _admin = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false };
        _rounds = rounds;
    }

    /// <summary>The copies of the no-writer pair, per round: the single UPDATE after Expand's, the staged Backfill's.</summary>
    public IReadOnlyList<(string Expanded, string Unloaded)> UnloadedPairs
        => Enumerable.Range(1, _rounds).Select(round => (On(Prefix + PairName("expanded", round)), On(Prefix + PairName("unloaded", round)))).ToList();

    private static IEnumerable<string> Copies(int rounds)
        => new[] { "baseline", "plain", "staged" }.Concat(Enumerable.Range(1, rounds).SelectMany(round => new[] { PairName("expanded", round), PairName("unloaded", round) }));

    private static string PairName(string copy, int round) => round == 1 ? copy : $"{copy}_{round}";

    /// <summary>The copy for the single UPDATE.</summary>
    public string Baseline => On(Prefix + "baseline");

    /// <summary>The copy for the plain migration.</summary>
    public string Plain => On(Prefix + "plain");

    /// <summary>The copy for the staged phases.</summary>
    public string Staged => On(Prefix + "staged");

    /// <summary>How long each setup step took.</summary>
    public List<(string Step, double Seconds)> Timings { get; } = [];

    /// <summary>The server's version string.</summary>
    public string ServerVersion { get; private set; } = "?";

    /// <summary>The server settings that shape the timings.</summary>
    public string ServerSettings { get; private set; } = "?";

    /// <summary>The table's size on disk before the change.</summary>
    public string TableSize { get; private set; } = "?";

    /// <summary>Creates the seed with <paramref name="rows"/> rows and copies it, with a pair of copies per no-writer round.</summary>
    public static async Task<BenchDatabases> CreateAsync(string adminConnectionString, long rows, int regions, int rounds, Action<string> print)
    {
        var databases = new BenchDatabases(adminConnectionString, rounds);
        await databases.DropAsync().ConfigureAwait(false);
        var seed = Prefix + "seed";
        await databases.TimedAsync("create the seed database", () => databases.AdminAsync($"CREATE DATABASE \"{seed}\"")).ConfigureAwait(false);

        await databases.TimedAsync("starting schema (EF Core migration Base)", async () =>
        {
            await using var context = PlainContext.Create(databases.On(seed));
            await context.GetService<IMigrator>().MigrateAsync(BenchTable.BaseMigrationId).ConfigureAwait(false);
        }).ConfigureAwait(false);

        print($"  inserting {rows:N0} rows...");
        await databases.TimedAsync($"insert {rows:N0} rows", () => ExecuteAsync(databases.On(seed), $"""
            INSERT INTO "Regions" ("Id", "Name") SELECT g, 'region ' || g FROM generate_series(1, {regions}) g;
            INSERT INTO "Accounts" ("Id", "Name", "Balance", "RegionId", "Note")
                SELECT g, 'account ' || g, g % 1000, g % {regions} + 1, md5(g::text) FROM generate_series(1, {rows}) g;
            SELECT setval(pg_get_serial_sequence('"Regions"', 'Id'), {regions});
            SELECT setval(pg_get_serial_sequence('"Accounts"', 'Id'), {rows});
            """)).ConfigureAwait(false);
        await databases.TimedAsync("VACUUM (FREEZE, ANALYZE)", () => ExecuteAsync(databases.On(seed), """VACUUM (FREEZE, ANALYZE) "Regions", "Accounts";""")).ConfigureAwait(false);

        await using (var connection = new NpgsqlConnection(databases.On(seed)))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            databases.ServerVersion = (string)(await Scalar(connection, "SELECT version()").ConfigureAwait(false))!;
            databases.ServerSettings = (string)(await Scalar(connection, """
                SELECT string_agg(name || '=' || setting || COALESCE(unit, ''), ', ' ORDER BY name) FROM pg_settings
                WHERE name IN ('shared_buffers', 'fsync', 'synchronous_commit', 'full_page_writes', 'max_wal_size', 'work_mem', 'maintenance_work_mem', 'autovacuum')
                """).ConfigureAwait(false))!;
            databases.TableSize = (string)(await Scalar(connection, """SELECT pg_size_pretty(pg_total_relation_size('"Accounts"'))""").ConfigureAwait(false))!;
        }

        // CREATE DATABASE ... TEMPLATE needs the seed to have no connections: none are pooled.
        NpgsqlConnection.ClearAllPools();
        foreach (var copy in Copies(rounds))
        {
            await databases.TimedAsync($"copy the seed to {Prefix}{copy}", () => databases.AdminAsync($"CREATE DATABASE \"{Prefix}{copy}\" TEMPLATE \"{seed}\"")).ConfigureAwait(false);
        }

        await databases.AdminAsync($"DROP DATABASE \"{seed}\"").ConfigureAwait(false);
        return databases;
    }

    /// <summary>
    /// Drops every benchmark database (also those a killed run left). A drop that still fails after a minute is
    /// printed and left to the throwaway server's removal: the run's results are already written by then.
    /// </summary>
    public async Task DropAsync(Action<string>? print = null)
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var name in Copies(MaxRounds).Prepend("seed"))
        {
            try
            {
                await DropAsync(Prefix + name).ConfigureAwait(false);
            }
            catch (PostgresException error) when (print != null)
            {
                print($"  could not drop {Prefix}{name}: {error.MessageText}");
            }
        }
    }

    // Not DROP DATABASE ... WITH (FORCE): it ends every session on the database or none, and a role that is not a
    // superuser may not end an autovacuum worker's (after millions of updates there is one) or another role's.
    // This role's own sessions are ended here; a plain DROP DATABASE cancels an autovacuum worker itself; any other
    // session is waited for.
    private async Task DropAsync(string database)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using (var connection = new NpgsqlConnection(_admin.ConnectionString))
            {
                await connection.OpenAsync().ConfigureAwait(false);
                await using var terminate = new NpgsqlCommand(
                    """
                    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE datname = @database AND pid <> pg_backend_pid() AND usename = current_user
                    """,
                    connection);
                terminate.Parameters.AddWithValue("database", database);
                await terminate.ExecuteScalarAsync().ConfigureAwait(false);
            }

            try
            {
                await AdminAsync($"DROP DATABASE IF EXISTS \"{database}\"").ConfigureAwait(false);
                return;
            }
            catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 60)
            {
                await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Writes out the WAL so far (CHECKPOINT), so that a timed part does not pay for the checkpoint the part before it
    /// filled the WAL for; does nothing when the login may not (PostgreSQL 15's pg_checkpoint, which run.sh grants).
    /// </summary>
    public async Task CheckpointAsync()
    {
        try
        {
            await AdminAsync("CHECKPOINT").ConfigureAwait(false);
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
        }
    }

    /// <summary>Drops one copy (a no-writer round's, once measured), so that autovacuum does not work on it during the next scenario.</summary>
    public Task DropCopyAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        return DropAsync(new NpgsqlConnectionStringBuilder(connectionString).Database!);
    }

    /// <summary>Vacuums a copy after its scenario, so autovacuum's work on it does not land in the next scenario.</summary>
    public static Task VacuumAsync(string connectionString) => ExecuteAsync(connectionString, """VACUUM (ANALYZE) "Accounts";""");

    /// <summary>Runs SQL on a database, without a timeout.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Runs a query and returns its first value.</summary>
    public static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return await command.ExecuteScalarAsync().ConfigureAwait(false);
    }

    private string On(string database) => new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = database, Pooling = true }.ConnectionString;

    private Task AdminAsync(string sql) => ExecuteAsync(_admin.ConnectionString, sql);

    private async Task TimedAsync(string step, Func<Task> action)
    {
        var start = Timestamps.Now;
        await action().ConfigureAwait(false);
        Timings.Add((step, Timestamps.Seconds(start, Timestamps.Now)));
    }
}
