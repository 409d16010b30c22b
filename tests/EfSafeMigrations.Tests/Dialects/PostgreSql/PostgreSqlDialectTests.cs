using EfSafeMigrations.Dialects;
using EfSafeMigrations.Operations;
using EfSafeMigrations.Tests.Sql;

namespace EfSafeMigrations.Tests.Dialects.PostgreSql;

/// <summary>The PostgreSQL SQL of EfSafeMigrations' own operations.</summary>
public sealed class PostgreSqlDialectTests
{
    [Fact]
    public void Fill_trigger_for_a_computed_column_recomputes_on_old_version_writes()
        => Assert.Equal(
            """
            SET LOCAL lock_timeout = '500ms';
            CREATE OR REPLACE FUNCTION "esm_fill_People_FullName"() RETURNS trigger LANGUAGE plpgsql AS $esm$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    IF NEW."FullName" IS NULL THEN
                        NEW."FullName" := (SELECT "FirstName" || ' ' || "LastName" FROM (SELECT NEW.*) AS "People");
                    END IF;
                ELSIF NEW."FullName" IS NULL OR NEW."FullName" IS NOT DISTINCT FROM OLD."FullName" THEN
                    NEW."FullName" := (SELECT "FirstName" || ' ' || "LastName" FROM (SELECT NEW.*) AS "People");
                END IF;
                RETURN NEW;
            END
            $esm$;
            DROP TRIGGER IF EXISTS "esm_fill_People_FullName" ON "People";
            CREATE TRIGGER "esm_fill_People_FullName" BEFORE INSERT OR UPDATE ON "People" FOR EACH ROW EXECUTE FUNCTION "esm_fill_People_FullName"();
            """,
            GeneratedSql.For(new AddFillTriggerOperation
            {
                Table = "People", Column = "FullName", ValueSql = "\"FirstName\" || ' ' || \"LastName\"", RecomputeOnUpdate = true,
            }));

    [Fact]
    public void Fill_trigger_for_not_null_only_fills_nulls()
        => Assert.Equal(
            """
            SET LOCAL lock_timeout = '500ms';
            CREATE OR REPLACE FUNCTION "app"."esm_fill_People_Nickname"() RETURNS trigger LANGUAGE plpgsql AS $esm$
            BEGIN
                IF NEW."Nickname" IS NULL THEN
                    NEW."Nickname" := (SELECT '' FROM (SELECT NEW.*) AS "People");
                END IF;
                RETURN NEW;
            END
            $esm$;
            DROP TRIGGER IF EXISTS "esm_fill_People_Nickname" ON "app"."People";
            CREATE TRIGGER "esm_fill_People_Nickname" BEFORE INSERT OR UPDATE ON "app"."People" FOR EACH ROW EXECUTE FUNCTION "app"."esm_fill_People_Nickname"();
            """,
            GeneratedSql.For(new AddFillTriggerOperation { Table = "People", Schema = "app", Column = "Nickname", ValueSql = "''" }));

    [Fact]
    public void Rename_sync_trigger_copies_each_side_to_the_other()
        => Assert.Equal(
            """
            SET LOCAL lock_timeout = '500ms';
            CREATE OR REPLACE FUNCTION "esm_sync_People_Email_EmailAddress"() RETURNS trigger LANGUAGE plpgsql AS $esm$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    IF NEW."EmailAddress" IS NULL THEN
                        NEW."EmailAddress" := NEW."Email";
                    ELSE
                        NEW."Email" := NEW."EmailAddress";
                    END IF;
                ELSIF NEW."EmailAddress" IS DISTINCT FROM OLD."EmailAddress" THEN
                    NEW."Email" := NEW."EmailAddress";
                ELSIF NEW."Email" IS DISTINCT FROM OLD."Email" THEN
                    NEW."EmailAddress" := NEW."Email";
                END IF;
                RETURN NEW;
            END
            $esm$;
            DROP TRIGGER IF EXISTS "esm_sync_People_Email_EmailAddress" ON "People";
            CREATE TRIGGER "esm_sync_People_Email_EmailAddress" BEFORE INSERT OR UPDATE ON "People" FOR EACH ROW EXECUTE FUNCTION "esm_sync_People_Email_EmailAddress"();
            """,
            GeneratedSql.For(new AddRenameSyncTriggerOperation { Table = "People", OldColumn = "Email", NewColumn = "EmailAddress" }));

    [Fact]
    public void Dropping_a_trigger_drops_its_function()
        => Assert.Equal(
            """
            SET LOCAL lock_timeout = '500ms';
            DROP TRIGGER IF EXISTS "esm_sync_People_Email_EmailAddress" ON "People";
            DROP FUNCTION IF EXISTS "esm_sync_People_Email_EmailAddress"();
            """,
            GeneratedSql.For(new DropRenameSyncTriggerOperation { Table = "People", OldColumn = "Email", NewColumn = "EmailAddress" }));

    [Fact]
    public void Set_not_null_validates_outside_the_transaction_in_the_servers_own_form()
        => Assert.Equal(
            """
            SET LOCAL lock_timeout = '500ms';
            DO $esm$
            BEGIN
                IF current_setting('server_version_num')::int >= 180000 THEN
                    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('"People"') AND attname = 'Nickname' AND attnotnull) THEN
                        EXECUTE 'ALTER TABLE "People" ADD CONSTRAINT "People_Nickname_not_null" NOT NULL "Nickname" NOT VALID';
                    END IF;
                ELSE
                    ALTER TABLE "People" DROP CONSTRAINT IF EXISTS "esm_nn_People_Nickname";
                    ALTER TABLE "People" ADD CONSTRAINT "esm_nn_People_Nickname" CHECK ("Nickname" IS NOT NULL) NOT VALID;
                END IF;
            END
            $esm$;
            -- no transaction
            SET lock_timeout = '500ms';
            DO $esm$
            DECLARE
                not_valid name;
            BEGIN
                IF current_setting('server_version_num')::int >= 180000 THEN
                    SELECT c.conname INTO not_valid
                    FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                    WHERE c.conrelid = to_regclass('"People"') AND c.contype = 'n' AND NOT c.convalidated AND a.attname = 'Nickname';
                    IF not_valid IS NOT NULL THEN
                        EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', '"People"', not_valid);
                    END IF;
                ELSE
                    ALTER TABLE "People" VALIDATE CONSTRAINT "esm_nn_People_Nickname";
                END IF;
            END
            $esm$;
            RESET lock_timeout;
            SET LOCAL lock_timeout = '500ms';
            DO $esm$
            BEGIN
                IF current_setting('server_version_num')::int < 180000 THEN
                    ALTER TABLE "People" ALTER COLUMN "Nickname" SET NOT NULL;
                    ALTER TABLE "People" DROP CONSTRAINT IF EXISTS "esm_nn_People_Nickname";
                END IF;
            END
            $esm$;
            """,
            GeneratedSql.For(new SetNotNullOperation { Table = "People", Column = "Nickname" }));

    [Fact]
    public void Validate_constraint_runs_outside_a_transaction()
        => Assert.Equal(
            """
            -- no transaction
            SET lock_timeout = '500ms';
            ALTER TABLE "Orders" VALIDATE CONSTRAINT "FK_Orders_Customers_CustomerId";
            RESET lock_timeout;
            """,
            GeneratedSql.For(new ValidateConstraintOperation { Table = "Orders", Name = "FK_Orders_Customers_CustomerId" }));

    [Fact]
    public void Rename_view_and_constraint_rename()
        => Assert.Equal(
            """
            SET LOCAL lock_timeout = '500ms';
            CREATE OR REPLACE VIEW "Squads" AS SELECT * FROM "Teams";
            SET LOCAL lock_timeout = '500ms';
            DROP VIEW IF EXISTS "Squads";
            SET LOCAL lock_timeout = '500ms';
            DO $esm$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass('"Squads"') AND conname = 'PK_Teams') THEN
                    ALTER TABLE "Squads" RENAME CONSTRAINT "PK_Teams" TO "PK_Squads";
                END IF;
            END
            $esm$;
            """,
            GeneratedSql.For(
                new CreateRenameViewOperation { Table = "Teams", NewName = "Squads" },
                new DropRenameViewOperation { Table = "Teams", NewName = "Squads" },
                new RenameConstraintOperation { Table = "Squads", Name = "PK_Teams", NewName = "PK_Squads" }));

    [Fact]
    public void Backfill_shows_as_one_statement_in_scripts()
        => Assert.Equal(
            """
            -- no transaction
            -- EfSafeMigrations: applied in batches of 500 rows along (Id)
            UPDATE "People" SET "EmailAddress" = ("Email") WHERE "EmailAddress" IS NULL;
            """,
            GeneratedSql.For(new BackfillOperation { Table = "People", Column = "EmailAddress", ValueSql = "\"Email\"", KeyColumns = ["Id"], BatchSize = 500 }));

    [Fact]
    public void First_backfill_batch_has_only_the_upper_bound()
    {
        var operation = new BackfillOperation { Table = "People", Column = "EmailAddress", ValueSql = "\"Email\"", KeyColumns = ["Id"] };

        Assert.Equal("""SELECT "Id" FROM "People" WHERE "Id" <= @hi0 ORDER BY "Id" LIMIT @batch;""", DatabaseDialects.PostgreSql.Backfill.BatchKeys(operation, first: true));
        Assert.Equal(
            """UPDATE "People" SET "EmailAddress" = ("Email") WHERE "Id" <= @last0 AND "EmailAddress" IS NULL;""",
            DatabaseDialects.PostgreSql.Backfill.Batch(operation, first: true));
    }

    [Fact]
    public void Later_batches_of_a_composite_key_compare_rows()
    {
        var operation = new BackfillOperation
        {
            Table = "Lines", Schema = "sales", Column = "Amount", ValueSql = "\"Price\" * \"Quantity\"", KeyColumns = ["OrderId", "Line"],
        };

        Assert.Equal(
            """SELECT "OrderId", "Line" FROM "sales"."Lines" WHERE ("OrderId", "Line") > (@lo0, @lo1) AND ("OrderId", "Line") <= (@hi0, @hi1) ORDER BY "OrderId", "Line" LIMIT @batch;""",
            DatabaseDialects.PostgreSql.Backfill.BatchKeys(operation, first: false));
        Assert.Equal(
            """UPDATE "sales"."Lines" SET "Amount" = ("Price" * "Quantity") WHERE ("OrderId", "Line") > (@lo0, @lo1) AND ("OrderId", "Line") <= (@last0, @last1) AND "Amount" IS NULL;""",
            DatabaseDialects.PostgreSql.Backfill.Batch(operation, first: false));
    }

    [Fact]
    public void Placeholder_backfill_is_refused_with_what_to_do()
    {
        var error = Assert.Throws<InvalidOperationException>(() => GeneratedSql.For(
            new BackfillOperation { Table = "People", Column = "FullName", ValueSql = BackfillSql.PlaceholderValue, KeyColumns = ["Id"] }));

        Assert.Contains("People.FullName", error.Message);
        Assert.Contains("still the placeholder", error.Message);
    }

    [Fact]
    public void Backfill_without_a_primary_key_is_refused_with_what_to_do()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DatabaseDialects.PostgreSql.Backfill.UpperBound(
            new BackfillOperation { Table = "Logs", Column = "Level", ValueSql = "'info'", KeyColumns = [] }));

        Assert.Contains("Logs has no primary key", error.Message);
    }

    [Fact]
    public void Names_longer_than_postgresql_allows_are_shortened_with_a_hash()
    {
        var sql = GeneratedSql.For(new AddFillTriggerOperation { Table = new string('t', 40), Column = new string('c', 40), ValueSql = "1" });
        var name = sql.Split('"')[1];

        Assert.Equal(63, name.Length);
        Assert.StartsWith("esm_fill_ttt", name);
        Assert.Matches("_[0-9a-f]{8}$", name);
    }
}
