using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Benchmarks.Setup;
using EfSafeMigrations.Benchmarks.Staged;
using EfSafeMigrations.Deployment;
using EfSafeMigrations.Dialects;
using Npgsql;

namespace EfSafeMigrations.Benchmarks.Flags;

/// <summary>
/// The flags benchmark's database: the flags table as a deploy leaves it, three staged groups expanded and
/// backfilled, written with <see cref="FlagCommand"/> (what <c>dotnet safe-migrate flag</c> runs).
/// </summary>
public sealed class FlagsDatabase
{
    /// <summary>The group whose Backfilled flag the benchmark reads.</summary>
    public const string Group = "AddEmail";

    private const string Name = "esm_bench_flags";
    private static readonly string[] Groups = [Group, "AccountLabel", "SplitName"];
    private readonly NpgsqlConnectionStringBuilder _admin;

    private FlagsDatabase(string adminConnectionString)
    {
        _admin = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false };
        ConnectionString = new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = Name, Pooling = true }.ConnectionString;
    }

    /// <summary>The app's connection string (pooled, as an app's is).</summary>
    public string ConnectionString { get; }

    /// <summary>The server's version string.</summary>
    public string ServerVersion { get; private set; } = "?";

    /// <summary>The local server's main process, when this machine runs it; for the CPU shares.</summary>
    public int? PostmasterPid { get; private set; }

    /// <summary>The flags written.</summary>
    public int FlagCount { get; private set; }

    /// <summary>Creates the database (dropping one a killed run left) and writes the flags.</summary>
    public static async Task<FlagsDatabase> CreateAsync(string adminConnectionString)
    {
        var database = new FlagsDatabase(adminConnectionString);
        await database.DropAsync().ConfigureAwait(false);
        await BenchDatabases.ExecuteAsync(database._admin.ConnectionString, $"CREATE DATABASE \"{Name}\"").ConfigureAwait(false);

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        database.ServerVersion = (string)(await BenchDatabases.Scalar(connection, "SELECT version()").ConfigureAwait(false))!;
        database.PostmasterPid = CpuSnapshot.ParentOf(connection.ProcessID);
        var events = new RunnerEventLog(_ => { });
        foreach (var flag in Groups.SelectMany(g => new[] { PhaseFlags.Expanded(g), PhaseFlags.Backfilled(g) }))
        {
            var (exitCode, message) = await FlagCommand.RunAsync(connection, DatabaseDialects.PostgreSql, flag, enabled: true, events).ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw new BenchmarkException($"could not set the flag {flag}: {message}");
            }

            database.FlagCount++;
        }

        return database;
    }

    /// <summary>Drops the database.</summary>
    public async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await BenchDatabases.ExecuteAsync(_admin.ConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)").ConfigureAwait(false);
    }
}
