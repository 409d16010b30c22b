using EfSafeMigrations.Tests.Catalogue.Harness;
using EfSafeMigrations.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Xunit.Abstractions;
using EfSafeMigrations.Tests.Dialects.MySql.Harness;

namespace EfSafeMigrations.Tests.Dialects.MySql.Pomelo;

/// <summary>
/// A long history of model changes (generated, see <see cref="GeneratedHistory"/>) replayed on MariaDB: every change
/// staged for MySQL and run phase by phase through the runner on one database, Pomelo's plain migration on a twin;
/// both end with the same schema and the same rows. As in a real history, some migrations carry raw SQL a developer
/// added by hand (<c>migrationBuilder.Sql(...)</c>): a table option in the Expand, a data fix in the Backfill.
/// </summary>
public sealed class MariaDbHistoryReplayTests(ITestOutputHelper log)
{
    private const int Versions = 40;
    private const int Rows = 50;

    [Fact]
    public async Task A_long_history_staged_and_run_phase_by_phase_ends_where_the_plain_migrations_end()
    {
        var history = new GeneratedHistory(seed: 11);
        await using var staged = await MariaDbDatabase.CreateAsync("my_history");
        await using var plain = await MariaDbDatabase.CreateAsync("my_history_plain");
        var version = history.First();
        var model = Model(0, version);
        await MariaDbCycle.CreateAsync(staged, model, safe: true);
        await MariaDbCycle.CreateAsync(plain, model, safe: false);
        foreach (var database in new[] { staged, plain })
        {
            await SeedAsync(database, version);
        }

        var operations = 0;
        var rawStatements = 0;
        for (var number = 1; number <= Versions; number++)
        {
            var (next, changes) = history.Next(version, 1 + (number % 5));
            var nextModel = Model(number, next);
            var plan = MariaDbCycle.Stage(model, nextModel);
            var rawSql = RawSql(number, version, next);
            foreach (var (phase, sql) in rawSql)
            {
                plan.Add(phase, [new SqlOperation { Sql = sql }], [], "raw SQL written by hand");
            }

            operations += MigrationPhases.Sum(p => plan.Up(p).Count);
            log.WriteLine($"v{number}: {string.Join(", ", changes.Concat(rawSql.Select(r => $"raw SQL in {r.Phase}: {r.Sql}")))}");
            foreach (var phase in MigrationPhases)
            {
                var stopped = await MariaDbCycle.RunAsync(staged, plan, nextModel, $"v{number}_{phase}", phase);
                Assert.True(stopped == null, $"v{number} ({string.Join(", ", changes)}), {phase}: {stopped?.Message}");
            }

            await MariaDbCycle.MigratePlainAsync(plain, model, nextModel);
            foreach (var (_, sql) in rawSql)
            {
                await plain.ExecuteAsync(sql);
            }

            rawStatements += rawSql.Count;
            (version, model) = (next, nextModel);
        }

        log.WriteLine($"{Versions} versions, {operations} staged operations, {rawStatements} raw SQL statements");
        Assert.True(rawStatements >= Versions / 4, $"Only {rawStatements} raw SQL statements were replayed.");
        Assert.Equal(await plain.ScalarAsync<string>(TableComment), await staged.ScalarAsync<string>(TableComment));
        await staged.ExecuteAsync("DROP TABLE `__EFSafeMigrations`");
        var relational = MariaDbCycle.RelationalModelOf(model);
        var stagedSchema = await MariaDbSchema.ReadAsync(staged.ConnectionString, relational);
        var plainSchema = await MariaDbSchema.ReadAsync(plain.ConnectionString, relational);
        Assert.Empty(stagedSchema.OursLeftOver);
        Assert.Equal(Rows, stagedSchema.RowKeys.Count);
        var diff = MariaDbSchema.Diff(stagedSchema, "staged", plainSchema, "plain");
        Assert.True(diff.Length == 0, $"After {Versions} versions the staged database is not where the plain migrations end:\n{diff}");
    }

    private const string TableComment = "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Items'";

    private static readonly MigrationPhase[] MigrationPhases = [MigrationPhase.Expand, MigrationPhase.Backfill, MigrationPhase.Contract];

    private static CatalogueModel Model(int number, IReadOnlyList<HistoryColumn> version)
        => new($"history:{number}:{Guid.NewGuid():N}", m => GeneratedHistory.Configure(m, version), PomeloProvider.Value.Use);

    /// <summary>
    /// The raw SQL of version <paramref name="number"/>: every fourth changes a table option in its Expand; every third
    /// rewrites half the values of a text column that both versions have, in its Backfill (while both versions run).
    /// </summary>
    private static List<(MigrationPhase Phase, string Sql)> RawSql(int number, IReadOnlyList<HistoryColumn> version, IReadOnlyList<HistoryColumn> next)
    {
        var sql = new List<(MigrationPhase, string)>();
        if (number % 4 == 0)
        {
            sql.Add((MigrationPhase.Expand, $"ALTER TABLE `Items` COMMENT = 'history v{number}';"));
        }

        var kept = next.FirstOrDefault(c => c.IsText && version.Any(v => v.IsText && v.Column == c.Column));
        if (number % 3 == 0 && kept != null)
        {
            var length = Math.Min(kept.Length, version.Single(v => v.Column == kept.Column).Length);
            sql.Add((MigrationPhase.Backfill, $"UPDATE `Items` SET `{kept.Column}` = LEFT(CONCAT('v{number}', `{kept.Column}`), {length}) WHERE `Id` % 2 = 0;"));
        }

        return sql;
    }

    /// <summary>Rows with a value in every column, so renames and drops have data to keep or lose.</summary>
    private static async Task SeedAsync(MariaDbDatabase database, IReadOnlyList<HistoryColumn> version)
    {
        var columns = string.Join(", ", version.Select(c => $"`{c.Column}`"));
        for (var row = 1; row <= Rows; row++)
        {
            var values = string.Join(", ", version.Select(c => c.IsText ? $"'r{row}{c.Column}'" : $"{row}"));
            await database.ExecuteAsync($"INSERT INTO `Items` ({columns}) VALUES ({values})");
        }
    }
}
