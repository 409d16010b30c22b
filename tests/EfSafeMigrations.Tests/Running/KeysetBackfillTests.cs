using EfSafeMigrations.Dialects;
using EfSafeMigrations.Operations;
using EfSafeMigrations.Running;
using EfSafeMigrations.Tests.TestInfrastructure;
using Npgsql;

namespace EfSafeMigrations.Tests.Running;

public sealed class KeysetBackfillTests
{
    private static readonly KeysetBackfill Backfill = new(DatabaseDialects.PostgreSql.Backfill);

    [Fact]
    public async Task Fills_every_null_in_batches_along_the_key_and_a_rerun_fills_nothing()
    {
        await using var database = await PostgresDatabase.CreateAsync("backfill");
        await database.ExecuteAsync("""
            CREATE TABLE t (id int PRIMARY KEY, a text, b text);
            INSERT INTO t SELECT g, 'x' || g, CASE WHEN g % 10 = 0 THEN 'kept' END FROM generate_series(1, 2500) g;
            """);
        var operation = new BackfillOperation { Table = "t", Column = "b", ValueSql = "upper(a)", KeyColumns = ["id"] };

        var first = await RunAsync(database, operation, batchSize: 1000);
        var second = await RunAsync(database, operation, batchSize: 1000);

        Assert.Equal(new BackfillResult(RowsFilled: 2250, Batches: 3, RowsVisited: 2500), first);
        Assert.Equal(new BackfillResult(RowsFilled: 0, Batches: 3, RowsVisited: 2500), second);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM t WHERE b IS NULL"));
        Assert.Equal(250L, await database.ScalarAsync<long>("SELECT count(*) FROM t WHERE b = 'kept'"));
        Assert.Equal("X17", await database.ScalarAsync<string>("SELECT b FROM t WHERE id = 17"));
    }

    [Fact]
    public async Task Walks_a_composite_key_and_leaves_rows_added_after_the_start_to_the_trigger()
    {
        await using var database = await PostgresDatabase.CreateAsync("backfill");
        await database.ExecuteAsync("""
            CREATE TABLE lines (order_id int, line int, price int, qty int, amount int, PRIMARY KEY (order_id, line));
            INSERT INTO lines SELECT o, l, o, l, NULL FROM generate_series(1, 30) o, generate_series(1, 7) l;
            """);
        var operation = new BackfillOperation { Table = "lines", Column = "amount", ValueSql = "price * qty", KeyColumns = ["order_id", "line"] };
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();

        var result = await Backfill.RunAsync(connection, operation, new BackfillSettings(BatchSize: 16), CancellationToken.None);

        Assert.Equal(210, result.RowsFilled);
        Assert.Equal(14, result.Batches);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM lines WHERE amount IS DISTINCT FROM price * qty"));
    }

    [Fact]
    public async Task Batch_size_at_most_doubles_while_batches_are_quicker_than_the_target_and_drops_at_once_to_what_fits_when_slower()
    {
        await using var database = await PostgresDatabase.CreateAsync("backfill");
        await database.ExecuteAsync("CREATE TABLE t (id int PRIMARY KEY, b text); INSERT INTO t SELECT g FROM generate_series(1, 20000) g;");
        var operation = new BackfillOperation { Table = "t", Column = "b", ValueSql = "'v'", KeyColumns = ["id"] };
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();

        var quick = new BatchSizes();
        await Backfill.RunAsync(connection, operation, new BackfillSettings(10) { TargetBatchTime = TimeSpan.FromSeconds(10) }, CancellationToken.None, observer: quick);
        await database.ExecuteAsync("UPDATE t SET b = NULL");
        var slow = new BatchSizes();
        await Backfill.RunAsync(connection, operation, new BackfillSettings(4000) { TargetBatchTime = TimeSpan.FromTicks(1), MinBatchSize = 500 }, CancellationToken.None, observer: slow);

        Assert.Equal([10, 20, 40, 80, 160], quick.Sizes.Take(5));
        Assert.Equal([4000, 500, 500, 500, 500], slow.Sizes.Take(5));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM t WHERE b IS NULL"));
    }

    [Fact]
    public async Task Empty_table_needs_no_batch()
    {
        await using var database = await PostgresDatabase.CreateAsync("backfill");
        await database.ExecuteAsync("CREATE TABLE t (id int PRIMARY KEY, b text)");

        var result = await RunAsync(database, new BackfillOperation { Table = "t", Column = "b", ValueSql = "'v'", KeyColumns = ["id"] }, 10);

        Assert.Equal(new BackfillResult(0, 0), result);
    }

    private static async Task<BackfillResult> RunAsync(PostgresDatabase database, BackfillOperation operation, int batchSize)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        return await Backfill.RunAsync(connection, operation, new BackfillSettings(batchSize), CancellationToken.None);
    }

    private sealed class BatchSizes : IBackfillObserver
    {
        public List<int> Sizes { get; } = [];

        public Task BeforeBatchAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task AfterBatchAsync(BackfillCheckpoint checkpoint, int batchSize, TimeSpan elapsed, System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken)
        {
            Sizes.Add(batchSize);
            return Task.CompletedTask;
        }
    }
}
