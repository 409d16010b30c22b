using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running;
using EfSafeMigrations.Tests.TestInfrastructure;
using MySqlConnector;

namespace EfSafeMigrations.Tests.Dialects.MySql;

/// <summary>The runner's state table and its lock on real MariaDB.</summary>
public sealed class MySqlRunnerSqlTests
{
    private static readonly IRunnerSql Sql = DatabaseDialects.MySql.Runner;

    [Fact]
    public async Task State_rows_are_written_updated_read_and_deleted()
    {
        await using var database = await MariaDbDatabase.CreateAsync("my_state");
        await using var connection = new MySqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var store = new RunnerStateStore(connection, Sql);
        await store.EnsureCreatedAsync(CancellationToken.None);
        await store.EnsureCreatedAsync(CancellationToken.None);

        await store.WriteAsync(new RunnerStateRow("M1", "backfill:0", "running", 200, "{\"upper\":[5]}"), CancellationToken.None);
        await store.WriteAsync(new RunnerStateRow("M1", "backfill:0", "done", 400), CancellationToken.None);
        await store.WriteAsync(new RunnerStateRow("M2", RunnerStateStore.MigrationStep, "failed", Error: "boom"), CancellationToken.None);

        var rows = await store.ReadAsync(CancellationToken.None);
        Assert.Equal(new RunnerStateRow("M1", "backfill:0", "done", 400), rows[("M1", "backfill:0")]);
        Assert.Equal("boom", rows[("M2", RunnerStateStore.MigrationStep)].Error);
        await store.DeleteAsync("M1", CancellationToken.None);
        Assert.Equal(["M2"], (await store.ReadAsync(CancellationToken.None)).Keys.Select(k => k.Migration));
    }

    [Fact]
    public async Task A_second_runner_is_refused_the_lock_naming_the_first_and_gets_it_once_released()
    {
        await using var database = await MariaDbDatabase.CreateAsync("my_lock");
        await using var template = new MySqlConnection(database.ConnectionString);

        var (first, _) = await DatabaseLock.TryAcquireAsync(template, Sql, TimeSpan.Zero, (_, _) => { }, CancellationToken.None);
        Assert.NotNull(first);
        var (second, holder) = await DatabaseLock.TryAcquireAsync(template, Sql, TimeSpan.Zero, (_, _) => { }, CancellationToken.None);

        Assert.Null(second);
        Assert.Matches(@"^connection \d+ of app from 127\.0\.0\.1 since ", holder);
        await first.DisposeAsync();
        var (third, _) = await DatabaseLock.TryAcquireAsync(template, Sql, TimeSpan.Zero, (_, _) => { }, CancellationToken.None);
        Assert.NotNull(third);
        await third.DisposeAsync();
    }

    [Fact]
    public async Task The_lock_is_per_database()
    {
        await using var one = await MariaDbDatabase.CreateAsync("my_lock_one");
        await using var two = await MariaDbDatabase.CreateAsync("my_lock_two");

        var (first, _) = await DatabaseLock.TryAcquireAsync(new MySqlConnection(one.ConnectionString), Sql, TimeSpan.Zero, (_, _) => { }, CancellationToken.None);
        var (other, _) = await DatabaseLock.TryAcquireAsync(new MySqlConnection(two.ConnectionString), Sql, TimeSpan.Zero, (_, _) => { }, CancellationToken.None);

        Assert.NotNull(first);
        Assert.NotNull(other);
        await first.DisposeAsync();
        await other.DisposeAsync();
    }
}
