using EfSafeMigrations.Operations;
using EfSafeMigrations.Tests.Staging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Tests.Sql;

/// <summary>The online, re-runnable SQL of EF Core's own operations on PostgreSQL.</summary>
public sealed class SafeMigrationsSqlGeneratorTests
{
    [Fact]
    public void Add_column_is_guarded_and_runs_under_the_lock_timeout()
        => Assert.Equal(
            """
            SET LOCAL lock_timeout = '500ms';
            DO $esm$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('"People"') AND attname = 'Email' AND NOT attisdropped) THEN
                    ALTER TABLE "People" ADD "Email" text;
                END IF;
            END
            $esm$;
            """,
            GeneratedSql.For(new AddColumnOperation { Table = "People", Name = "Email", ClrType = typeof(string), ColumnType = "text", IsNullable = true }));

    [Fact]
    public void Timestamp_to_timestamptz_with_values_in_utc_runs_under_utc_and_gives_the_session_its_zone_back()
    {
        var alter = new AlterColumnOperation { Table = "Visits", Name = "SeenAt", ClrType = typeof(DateTime), ColumnType = "timestamp with time zone", IsNullable = false };
        alter.OldColumn.ClrType = typeof(DateTime);
        alter.OldColumn.ColumnType = "timestamp without time zone";
        alter.OldColumn.IsNullable = false;
        alter.AddAnnotation(SafeAnnotationNames.ValuesInUtc, true);

        Assert.Equal(
            """
            SET LOCAL lock_timeout = '500ms';
            SELECT set_config('efsafemigrations.time_zone', current_setting('TimeZone'), true), set_config('TimeZone', 'UTC', true);
            ALTER TABLE "Visits" ALTER COLUMN "SeenAt" TYPE timestamp with time zone;
            SELECT set_config('TimeZone', current_setting('efsafemigrations.time_zone'), true);
            """,
            GeneratedSql.For(alter));
    }

    [Fact]
    public void Create_index_on_an_existing_table_is_built_concurrently_outside_a_transaction()
        => Assert.Equal(
            """
            -- no transaction
            SET lock_timeout = '500ms';
            CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "IX_People_Email" ON "People" ("Email");
            RESET lock_timeout;
            """,
            GeneratedSql.For(new CreateIndexOperation { Name = "IX_People_Email", Table = "People", Columns = ["Email"], IsUnique = true }));

    [Fact]
    public void Create_index_on_a_table_created_in_the_same_migration_is_plain()
    {
        var sql = GeneratedSql.For(
            new CreateTableOperation
            {
                Name = "Teams",
                Columns = { new AddColumnOperation { Table = "Teams", Name = "Title", ClrType = typeof(string), ColumnType = "text" } },
            },
            new CreateIndexOperation { Name = "IX_Teams_Title", Table = "Teams", Columns = ["Title"] });

        Assert.DoesNotContain("CONCURRENTLY", sql);
        Assert.DoesNotContain("-- no transaction", sql);
        Assert.EndsWith(
            """
            SET LOCAL lock_timeout = '500ms';
            DO $esm$
            BEGIN
                IF to_regclass('"IX_Teams_Title"') IS NULL THEN
                    CREATE INDEX "IX_Teams_Title" ON "Teams" ("Title");
                END IF;
            END
            $esm$;
            """,
            sql);
    }

    [Fact]
    public void Drop_index_is_concurrent_and_idempotent()
        => Assert.Equal(
            """
            -- no transaction
            SET lock_timeout = '500ms';
            DROP INDEX CONCURRENTLY IF EXISTS "IX_People_Name";
            RESET lock_timeout;
            """,
            GeneratedSql.For(new DropIndexOperation { Name = "IX_People_Name", Table = "People" }));

    [Fact]
    public void Foreign_key_is_added_not_valid_then_validated_outside_the_transaction()
        => Assert.Equal(
            """
            SET LOCAL lock_timeout = '500ms';
            DO $esm$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass('"People"') AND conname = 'FK_People_Teams_TeamId') THEN
                    ALTER TABLE "People" ADD CONSTRAINT "FK_People_Teams_TeamId" FOREIGN KEY ("TeamId") REFERENCES "Teams" ("Id") ON DELETE CASCADE NOT VALID;
                END IF;
            END
            $esm$;
            -- no transaction
            SET lock_timeout = '500ms';
            ALTER TABLE "People" VALIDATE CONSTRAINT "FK_People_Teams_TeamId";
            RESET lock_timeout;
            """,
            GeneratedSql.For(ForeignKey()));

    [Fact]
    public void Staged_foreign_key_marked_not_valid_is_left_for_backfill_to_validate()
    {
        var key = ForeignKey();
        key.AddAnnotation(EfSafeMigrations.Operations.SafeAnnotationNames.NotValid, true);

        var sql = GeneratedSql.For(key);

        Assert.Contains("NOT VALID;", sql);
        Assert.DoesNotContain("VALIDATE", sql);
    }

    [Fact]
    public void Unique_constraint_is_attached_to_a_concurrently_built_index()
        => Assert.Equal(
            """
            -- no transaction
            SET lock_timeout = '500ms';
            CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "AK_People_Name" ON "People" ("Name");
            RESET lock_timeout;
            SET LOCAL lock_timeout = '500ms';
            DO $esm$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass('"People"') AND conname = 'AK_People_Name') THEN
                    ALTER TABLE "People" ADD CONSTRAINT "AK_People_Name" UNIQUE USING INDEX "AK_People_Name";
                END IF;
            END
            $esm$;
            """,
            GeneratedSql.For(new AddUniqueConstraintOperation { Name = "AK_People_Name", Table = "People", Columns = ["Name"] }));

    [Fact]
    public void Lock_timeout_comes_from_the_options()
    {
        var options = new DbContextOptionsBuilder()
            .UseNpgsql("Host=127.0.0.1;Database=unit")
            .UseSafeMigrations(o => o with { LockTimeout = TimeSpan.FromSeconds(2) })
            .Options;
        using var custom = new DbContext(options);
        var generator = custom.GetService<IMigrationsSqlGenerator>();

        var command = Assert.Single(generator.Generate([new DropColumnOperation { Table = "People", Name = "Email" }]));

        Assert.StartsWith("SET LOCAL lock_timeout = '2000ms';", command.CommandText);
    }

    private static AddForeignKeyOperation ForeignKey() => new()
    {
        Name = "FK_People_Teams_TeamId",
        Table = "People",
        Columns = ["TeamId"],
        PrincipalTable = "Teams",
        PrincipalColumns = ["Id"],
        OnDelete = ReferentialAction.Cascade,
    };

    [Fact]
    public void Contract_of_a_required_column_rename_drops_the_sync_trigger_and_the_old_column_in_one_transaction()
    {
        var plan = StagingScenario.Stage(
            StagingScenario.People(["Name"], m => m.Entity<Person>().HasIndex(p => p.Name)),
            StagingScenario.People(["Name"], m => m.Entity<Person>(p =>
            {
                p.Property(x => x.Name).HasColumnName("DisplayName");
                p.HasIndex(x => x.Name);
            })));

        // NOT NULL on the new column while the trigger still fills both columns (its SQL is pinned in
        // PostgreSqlDialectTests); the trigger and the NOT NULL old column go in the same transaction (consecutive
        // transactional commands), after the old index.
        Assert.Equal(
            GeneratedSql.For(new SetNotNullOperation { Table = "People", Column = "DisplayName" }) + "\n" + """
            -- no transaction
            SET lock_timeout = '500ms';
            DROP INDEX CONCURRENTLY IF EXISTS "IX_People_Name";
            RESET lock_timeout;
            SET LOCAL lock_timeout = '500ms';
            DROP TRIGGER IF EXISTS "esm_sync_People_Name_DisplayName" ON "People";
            DROP FUNCTION IF EXISTS "esm_sync_People_Name_DisplayName"();
            SET LOCAL lock_timeout = '500ms';
            DO $esm$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('"People"') AND attname = 'Name' AND NOT attisdropped) THEN
                    ALTER TABLE "People" DROP COLUMN "Name";
                END IF;
            END
            $esm$;
            """,
            GeneratedSql.For([.. plan.Up(MigrationPhase.Contract)]));
    }
}
