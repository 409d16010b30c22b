using EfSafeMigrations.Tests.Catalogue.Harness;
using EfSafeMigrations.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>
/// Nullable to NOT NULL: a trigger fills NULL writes in Expand, so the old version cannot add NULLs;
/// existing NULLs are filled in Backfill; Contract sets NOT NULL the safe way and drops the trigger.
/// </summary>
public sealed class RequireColumnCycleTests
{
    [Fact]
    public async Task Old_nulls_are_filled_in_the_window_and_by_backfill_and_contract_makes_the_column_not_null()
    {
        await using var cycle = await MigrationCycle.StartAsync("require_column", OldModel, NewModel, SeedAsync);

        await cycle.ApplyAsync(MigrationPhase.Expand);
        await OldWorksAsync(cycle.Old, "expanded");
        var nullFromOld = await cycle.Old.InsertAsync(new Customer { Name = "Window", Phone = null });
        Assert.Equal(string.Empty, (await cycle.Old.FindAsync<Customer>(nullFromOld.Id)).Phone);
        Assert.Equal(1, await cycle.Staged.CountAsync("""SELECT count(*) FROM "Customers" WHERE "Phone" IS NULL"""));

        await cycle.RollBackAsync(MigrationPhase.Expand);
        Assert.Equal(string.Empty, await cycle.Staged.TriggersAsync("Customers"));
        await OldWorksAsync(cycle.Old, "rolled-back");
        var nullAfterRollback = await cycle.Old.InsertAsync(new Customer { Name = "Rolled back", Phone = null });
        Assert.Null((await cycle.Old.FindAsync<Customer>(nullAfterRollback.Id)).Phone);

        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ReapplyChangesNothingAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);
        Assert.Equal(0, await cycle.Staged.CountAsync("""SELECT count(*) FROM "Customers" WHERE "Phone" IS NULL"""));
        Assert.Equal(string.Empty, (await cycle.New.FindAsync<Customer>(nullAfterRollback.Id)).Phone);

        var fromOld = await cycle.Old.InsertAsync(new Customer { Name = "Old", Phone = null });
        Assert.Equal(string.Empty, (await cycle.New.FindAsync<Customer>(fromOld.Id)).Phone);
        var fromNew = await cycle.New.InsertAsync(new Customer { Name = "New", Phone = "+31 20 000" });
        Assert.Equal("+31 20 000", (await cycle.Old.FindAsync<Customer>(fromNew.Id)).Phone);
        await cycle.Old.UpdateAsync<Customer>(fromNew.Id, c => c.Phone = null);
        Assert.Equal(string.Empty, (await cycle.New.FindAsync<Customer>(fromNew.Id)).Phone);
        await cycle.New.UpdateAsync<Customer>(fromOld.Id, c => c.Phone = "+44 20 000");
        Assert.Equal("+44 20 000", (await cycle.Old.FindAsync<Customer>(fromOld.Id)).Phone);

        await cycle.ApplyAsync(MigrationPhase.Contract);
        Assert.True(await cycle.Staged.IsNotNullAsync("Customers", "Phone"));
        Assert.Equal(string.Empty, await cycle.Staged.TriggersAsync("Customers"));
        await Assert.ThrowsAnyAsync<Exception>(() => cycle.Staged.ExecuteAsync("""INSERT INTO "Customers" ("Name", "Phone") VALUES ('raw', NULL)"""));
        var after = await cycle.New.InsertAsync(new Customer { Name = "After", Phone = "1" });
        await cycle.New.UpdateAsync<Customer>(after.Id, c => c.Phone = "2");
        Assert.Equal("2", (await cycle.New.FindAsync<Customer>(after.Id)).Phone);

        await cycle.AssertStagedEqualsPlainAsync();
    }

    [Fact]
    public async Task Contract_validates_not_null_in_the_servers_own_form_while_a_writer_holds_an_open_transaction()
    {
        await using var cycle = await MigrationCycle.StartAsync("require_column_form", OldModel, NewModel, SeedAsync);
        await cycle.ApplyAsync(MigrationPhase.Expand);
        await cycle.ApplyAsync(MigrationPhase.Backfill);
        await cycle.Staged.ExecuteAsync("""INSERT INTO "Customers" ("Name", "Phone") SELECT 'bulk', 'x' FROM generate_series(1, 20000)""");
        var postgres18 = TestServers.PostgresMajor >= 18;
        var forms = new List<string>();
        await using var writer = new NpgsqlConnection(cycle.Staged.ConnectionString);
        await writer.OpenAsync();
        NpgsqlTransaction? open = null;

        await cycle.ApplyThroughRunnerAsync(MigrationPhase.Contract, async pause =>
        {
            forms.Add(await cycle.Staged.ScalarAsync<string>(PhoneConstraints) ?? "(none)");
            if (pause.RunsDone == 1)
            {
                // The constraint is in place, not yet validated: a writer of the new version inserts and keeps its
                // transaction (and its lock on the table) open while the next run scans the table.
                open = await writer.BeginTransactionAsync();
                await using var insert = new NpgsqlCommand("""INSERT INTO "Customers" ("Name", "Phone") VALUES ('writer', 'w')""", writer, open);
                await insert.ExecuteNonQueryAsync();
            }
            else if (pause.RunsDone == 2)
            {
                // The scan finished under the writer's open transaction: it never waited for an exclusive lock.
                await open!.CommitAsync();
            }
        });

        Assert.Equal(
            postgres18
                ? ["Customers_Phone_not_null n not valid", "Customers_Phone_not_null n valid"]
                : ["esm_nn_Customers_Phone c not valid", "esm_nn_Customers_Phone c valid"],
            forms.Take(2));
        Assert.True(await cycle.Staged.IsNotNullAsync("Customers", "Phone"));
        Assert.Equal(postgres18 ? "Customers_Phone_not_null n valid" : "(none)", await cycle.Staged.ScalarAsync<string>(PhoneConstraints) ?? "(none)");
        Assert.Equal(20003L, await cycle.Staged.ScalarAsync<long>("""SELECT count(*) FROM "Customers" """));
    }

    private const string PhoneConstraints = """
        SELECT string_agg(c.conname || ' ' || c.contype::text || CASE WHEN c.convalidated THEN ' valid' ELSE ' not valid' END, ', ')
        FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.conrelid = '"Customers"'::regclass AND a.attname = 'Phone'
        """;

    private static void OldModel(ModelBuilder model) => model.Entity<Customer>().ToTable("Customers");

    private static void NewModel(ModelBuilder model)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            e.Property(c => c.Phone).IsRequired();
        });

    private static async Task SeedAsync(AppVersion old)
    {
        await old.InsertAsync(new Customer { Name = "Ada", Phone = "+44 1" });
        await old.InsertAsync(new Customer { Name = "Grace", Phone = null });
    }

    private static async Task OldWorksAsync(AppVersion old, string marker)
    {
        var inserted = await old.InsertAsync(new Customer { Name = marker, Phone = "0" });
        await old.UpdateAsync<Customer>(inserted.Id, c => c.Phone = marker);
        Assert.Equal(marker, (await old.FindAsync<Customer>(inserted.Id)).Phone);
        Assert.Equal("+44 1", (await old.FindAsync<Customer>(1)).Phone);
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string? Phone { get; set; }
    }
}
