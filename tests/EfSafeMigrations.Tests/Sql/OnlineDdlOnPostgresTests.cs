using EfSafeMigrations.Tests.Staging;
using EfSafeMigrations.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace EfSafeMigrations.Tests.Sql;

/// <summary>The online DDL, run on a real PostgreSQL.</summary>
public sealed class OnlineDdlOnPostgresTests
{
    [Fact]
    public async Task An_invalid_index_left_by_a_failed_build_is_dropped_and_built_again()
    {
        await using var database = await PostgresDatabase.CreateAsync("online");
        await database.ExecuteAsync("CREATE TABLE people (id int PRIMARY KEY, email text); INSERT INTO people VALUES (1, 'a'), (2, 'a');");
        var index = new CreateIndexOperation { Name = "ix_people_email", Table = "people", Columns = ["email"], IsUnique = true };

        var failure = await Assert.ThrowsAsync<PostgresException>(() => ApplyAsync(database, index));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, failure.SqlState);
        Assert.False(await database.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_people_email'::regclass"));

        await database.ExecuteAsync("UPDATE people SET email = 'b' WHERE id = 2");
        await ApplyAsync(database, index);
        await ApplyAsync(database, index);

        Assert.True(await database.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_people_email'::regclass"));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_people_email'"));
    }

    [Fact]
    public async Task Ddl_gives_up_after_the_lock_timeout_instead_of_queueing_the_app_behind_it()
    {
        await using var database = await PostgresDatabase.CreateAsync("online");
        await database.ExecuteAsync("CREATE TABLE people (id int PRIMARY KEY)");
        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM people", holder, transaction))
        {
            await read.ExecuteScalarAsync();
        }

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ApplyAsync(
            database, new AddColumnOperation { Table = "people", Name = "email", ClrType = typeof(string), ColumnType = "text", IsNullable = true }));

        Assert.Equal(PostgresErrorCodes.LockNotAvailable, Assert.IsType<PostgresException>(failure.InnerException ?? failure).SqlState);
        await transaction.RollbackAsync();
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'people' AND column_name = 'email'"));
    }

    [Fact]
    public async Task Applying_a_phase_twice_changes_nothing_the_second_time()
    {
        await using var database = await PostgresDatabase.CreateAsync("online");
        await database.ExecuteAsync("CREATE TABLE teams (id int PRIMARY KEY); CREATE TABLE people (id int PRIMARY KEY, team_id int, name text, nick text);");
        MigrationOperation[] expand =
        [
            new AddColumnOperation { Table = "people", Name = "email", ClrType = typeof(string), ColumnType = "text", IsNullable = true },
            new CreateIndexOperation { Name = "ix_people_email", Table = "people", Columns = ["email"] },
            new AddForeignKeyOperation { Name = "fk_people_teams", Table = "people", Columns = ["team_id"], PrincipalTable = "teams", PrincipalColumns = ["id"] },
            new AddUniqueConstraintOperation { Name = "ak_people_name", Table = "people", Columns = ["name"] },
        ];
        MigrationOperation[] contract =
        [
            new DropIndexOperation { Name = "ix_people_email", Table = "people" },
            new DropColumnOperation { Table = "people", Name = "nick" },
        ];

        await ApplyAsync(database, expand);
        await ApplyAsync(database, expand);
        await ApplyAsync(database, contract);
        await ApplyAsync(database, contract);

        Assert.Equal(
            "ak_people_name,fk_people_teams,people_pkey",
            await database.ScalarAsync<string>("SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE conrelid = 'people'::regclass AND contype <> 'n'"));
        Assert.True(await database.ScalarAsync<bool>("SELECT bool_and(convalidated) FROM pg_constraint WHERE conrelid = 'people'::regclass"));
        Assert.Equal(
            "email,id,name,team_id",
            await database.ScalarAsync<string>("SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_name = 'people'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_people_email'"));
    }

    [Fact]
    public async Task Timestamp_to_timestamptz_with_values_in_utc_leaves_the_table_and_reads_them_as_utc_then_gives_the_session_its_zone_back()
    {
        await using var database = await PostgresDatabase.CreateAsync("online");
        await database.ExecuteAsync(
            "CREATE TABLE visits (id int PRIMARY KEY, seen_at timestamp NOT NULL); CREATE INDEX ix_visits_seen_at ON visits (seen_at);"
            + "CREATE TABLE payments (id int PRIMARY KEY, paid_at timestamp NOT NULL);"
            + "INSERT INTO visits SELECT g, '2026-01-01 12:00' FROM generate_series(1, 1000) g; INSERT INTO payments SELECT g, '2026-01-01 12:00' FROM generate_series(1, 1000) g;");
        const string File = "SELECT relfilenode::bigint FROM pg_class WHERE oid = '{0}'::regclass";
        var visits = await database.ScalarAsync<long>(string.Format(System.Globalization.CultureInfo.InvariantCulture, File, "visits"));
        var payments = await database.ScalarAsync<long>(string.Format(System.Globalization.CultureInfo.InvariantCulture, File, "payments"));
        var utc = ToTimestamptz("visits", "seen_at");
        utc.AddAnnotation(EfSafeMigrations.Operations.SafeAnnotationNames.ValuesInUtc, true);

        // A session in Berlin: the stated-UTC change runs under UTC, the plain one after it in the session's own zone.
        await ApplyAsync(database, "-c lock_timeout=0 -c TimeZone=Europe/Berlin", utc, ToTimestamptz("payments", "paid_at"));

        Assert.Equal(visits, await database.ScalarAsync<long>(string.Format(System.Globalization.CultureInfo.InvariantCulture, File, "visits")));
        Assert.NotEqual(payments, await database.ScalarAsync<long>(string.Format(System.Globalization.CultureInfo.InvariantCulture, File, "payments")));
        Assert.Equal(1000L, await database.ScalarAsync<long>("SELECT count(*) FROM visits WHERE seen_at = '2026-01-01 12:00+00'"));
        Assert.Equal(1000L, await database.ScalarAsync<long>("SELECT count(*) FROM payments WHERE paid_at = '2026-01-01 11:00+00'"));
        Assert.Equal("timestamp with time zone", await database.ScalarAsync<string>("SELECT data_type FROM information_schema.columns WHERE table_name = 'visits' AND column_name = 'seen_at'"));
    }

    private static AlterColumnOperation ToTimestamptz(string table, string column)
    {
        var alter = new AlterColumnOperation { Table = table, Name = column, ClrType = typeof(DateTime), ColumnType = "timestamp with time zone", IsNullable = false };
        alter.OldColumn.ClrType = typeof(DateTime);
        alter.OldColumn.ColumnType = "timestamp without time zone";
        alter.OldColumn.IsNullable = false;
        return alter;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Altering_a_column_to_not_null_with_a_default_fills_nulls_only_while_the_column_may_hold_them(bool alreadyNotNull)
    {
        await using var database = await PostgresDatabase.CreateAsync("online");
        await database.ExecuteAsync("""
            CREATE TABLE people (id int PRIMARY KEY, nick text);
            INSERT INTO people VALUES (1, 'a'), (2, NULL);
            CREATE TABLE updates (at timestamptz);
            CREATE FUNCTION note_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO updates VALUES (now()); RETURN NULL; END $$;
            CREATE TRIGGER note_update AFTER UPDATE ON people FOR EACH STATEMENT EXECUTE FUNCTION note_update();
            """);
        if (alreadyNotNull)
        {
            await database.ExecuteAsync("UPDATE people SET nick = 'b' WHERE id = 2; ALTER TABLE people ALTER COLUMN nick SET NOT NULL; DELETE FROM updates;");
        }

        // As an AlterColumn written by hand after a staged SetNotNull may be: from nullable, though the column is NOT NULL by then.
        var alter = new AlterColumnOperation { Table = "people", Name = "nick", ClrType = typeof(string), ColumnType = "text", IsNullable = false, DefaultValue = "" };
        alter.OldColumn.ClrType = typeof(string);
        alter.OldColumn.ColumnType = "text";
        alter.OldColumn.IsNullable = true;
        await ApplyAsync(database, alter);

        // The UPDATE statement fires the statement trigger even when it changes no row: it ran (a whole-table scan under the ALTER's lock) or it did not.
        Assert.Equal(alreadyNotNull ? 0L : 1L, await database.ScalarAsync<long>("SELECT count(*) FROM updates"));
        Assert.Equal(alreadyNotNull ? "a,b" : ",a", await database.ScalarAsync<string>("SELECT string_agg(nick, ',' ORDER BY nick) FROM people"));
        Assert.True(await database.ScalarAsync<bool>("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'people'::regclass AND attname = 'nick'"));
    }

    private static Task ApplyAsync(PostgresDatabase database, params MigrationOperation[] operations)
        => ApplyAsync(database, "-c lock_timeout=0", operations);

    private static async Task ApplyAsync(PostgresDatabase database, string sessionOptions, params MigrationOperation[] operations)
    {
        await using var context = ModelContext.Create(_ => { }, database.ConnectionString + ";Options=" + sessionOptions);
        var commands = context.GetService<IMigrationsSqlGenerator>().Generate(operations, context.Model);
        await context.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, context.GetService<IRelationalConnection>());
    }
}
