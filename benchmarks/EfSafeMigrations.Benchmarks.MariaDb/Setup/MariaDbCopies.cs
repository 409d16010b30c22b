using System.Diagnostics;
using EfSafeMigrations.Benchmarks.MariaDb.Model;
using EfSafeMigrations.Benchmarks.MariaDb.Plain;
using EfSafeMigrations.Benchmarks.MariaDb.Staged;
using EfSafeMigrations.Benchmarks.Staged;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MySqlConnector;

namespace EfSafeMigrations.Benchmarks.MariaDb.Setup;

/// <summary>
/// The three databases, each with the same rows: the base schema through its own context's migrations (the plain and
/// baseline copies through EF Core's migrator, the staged copy through the runner), then the same seed.
/// </summary>
public sealed class MariaDbCopies
{
    private const string Prefix = "esm_bench_";

    private readonly string _server;

    private MariaDbCopies(string server) => _server = server;

    /// <summary>The copy filled by one UPDATE.</summary>
    public string Baseline => Database("baseline");

    /// <summary>The copy changed by Pomelo's plain migration.</summary>
    public string Plain => Database("plain");

    /// <summary>The copy changed by the staged phases.</summary>
    public string Staged => Database("staged");

    /// <summary>How long each part of the setup took.</summary>
    public List<(string Step, double Seconds)> Timings { get; } = [];

    /// <summary>The size of one copy's Accounts table with its indexes, from information_schema, in bytes.</summary>
    public long TableBytes { get; private set; }

    /// <summary>Creates the three copies with <paramref name="rows"/> accounts.</summary>
    public static async Task<MariaDbCopies> CreateAsync(string server, long rows, Action<string> print)
    {
        var copies = new MariaDbCopies(server);
        foreach (var name in new[] { "baseline", "plain", "staged" })
        {
            await copies.ExecuteAsync(server, $"DROP DATABASE IF EXISTS `{Prefix}{name}`; CREATE DATABASE `{Prefix}{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci").ConfigureAwait(false);
        }

        await copies.TimedAsync("base schema", async () =>
        {
            foreach (var copy in new[] { copies.Baseline, copies.Plain })
            {
                await using var context = PlainMariaDbContext.Create(copy);
                await context.GetService<IMigrator>().MigrateAsync(BaseMigration(context)).ConfigureAwait(false);
            }

            var request = new RunnerRequest { Command = RunnerCommand.Phase, Phase = MigrationPhase.Expand, Assembly = "in-process", Target = "Base" };
            await using var staged = StagedMariaDbContext.Create(copies.Staged);
            var exit = await new SafeMigrationRunner(staged, request.Settings, new RunnerEventLog(_ => { })).RunAsync(request, CancellationToken.None).ConfigureAwait(false);
            if (exit != ExitCodes.Done)
            {
                throw new BenchmarkException($"The runner could not apply the base group to the staged copy (exit code {exit}).");
            }
        }).ConfigureAwait(false);

        foreach (var (name, copy) in new[] { ("baseline", copies.Baseline), ("plain", copies.Plain), ("staged", copies.Staged) })
        {
            await copies.TimedAsync($"seed {rows:N0} rows ({name})", () => copies.ExecuteAsync(copy, $"""
                INSERT INTO `Regions` (`Id`, `Name`) SELECT seq, CONCAT('region ', seq) FROM seq_1_to_{BenchModel.RegionCount};
                INSERT INTO `Accounts` (`Name`, `Balance`, `RegionId`, `Note`)
                    SELECT CONCAT('account ', seq), seq % 1000, 1 + seq % {BenchModel.RegionCount}, NULL FROM seq_1_to_{rows};
                ANALYZE TABLE `Accounts`;
                """)).ConfigureAwait(false);
        }

        // The baseline copy gets the shape the staged table has during its backfill, without the trigger.
        await copies.TimedAsync("baseline shape", () => copies.ExecuteAsync(copies.Baseline, $"""
            ALTER TABLE `Accounts` ADD COLUMN `{BenchModel.Label}` varchar(200) CHARACTER SET utf8mb4 NULL, ALGORITHM=INSTANT;
            CREATE INDEX `{BenchModel.RegionIndex}` ON `Accounts` (`RegionId`);
            SET SESSION foreign_key_checks = 0;
            ALTER TABLE `Accounts` ADD CONSTRAINT `{BenchModel.RegionForeignKey}` FOREIGN KEY (`RegionId`) REFERENCES `Regions` (`Id`) ON DELETE CASCADE, ALGORITHM=INPLACE;
            SET SESSION foreign_key_checks = 1;
            """)).ConfigureAwait(false);

        copies.TableBytes = await copies.ScalarAsync<long>(
            copies.Plain,
            "SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Accounts'").ConfigureAwait(false);
        print($"  three copies of {rows:N0} rows ({copies.TableBytes / 1024.0 / 1024.0:0} MB each with its primary key)");
        return copies;
    }

    /// <summary>The server's version and the settings that shape the run, for the report.</summary>
    public async Task<string> ServerAsync()
        => await ScalarAsync<string>(
            Plain,
            "SELECT CONCAT(VERSION(), ' (innodb_buffer_pool_size=', @@innodb_buffer_pool_size DIV 1048576, 'MB, innodb_flush_log_at_trx_commit=', @@innodb_flush_log_at_trx_commit, ', lock_wait_timeout=', @@lock_wait_timeout, ' s, innodb_lock_wait_timeout=', @@innodb_lock_wait_timeout, ' s, transaction isolation ', @@tx_isolation, ')')").ConfigureAwait(false)
            ?? "?";

    /// <summary>Drops the three copies.</summary>
    public async Task DropAsync()
    {
        foreach (var name in new[] { "baseline", "plain", "staged" })
        {
            await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS `{Prefix}{name}`").ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="sql"/> on the database of <paramref name="connectionString"/> without a time limit.</summary>
    public async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>The first value of <paramref name="sql"/>'s first row.</summary>
    public async Task<T?> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 0 };
        var value = await command.ExecuteScalarAsync().ConfigureAwait(false);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string BaseMigration(DbContext context)
        => context.GetService<IMigrationsAssembly>().Migrations.Keys.Single(id => id.EndsWith("_Base", StringComparison.Ordinal));

    private string Database(string name) => new MySqlConnectionStringBuilder(_server) { Database = Prefix + name }.ConnectionString;

    private async Task TimedAsync(string step, Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action().ConfigureAwait(false);
        Timings.Add((step, clock.Elapsed.TotalSeconds));
    }
}
