using EfSafeMigrations.Planning;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.Running;
using Shop;

namespace EfSafeMigrations.Tests.Planning;

/// <summary>The published phase plan: written without a database, checked before it is trusted.</summary>
public sealed class PlanWriterTests : IDisposable
{
    private const string Nowhere = "Host=127.0.0.1;Port=1;Database=none;Username=x;Password=y";
    private readonly string _folder = Directory.CreateTempSubdirectory("efsm-plan-").FullName;

    [Fact]
    public async Task Plan_holds_a_script_per_group_and_phase_with_checksums_and_the_steps_that_run()
    {
        var events = await WriteAsync();

        Assert.Equal(0, events.Result.ExitCode);
        Assert.Equal(
            ["Initial/expand.sql", "CustomerDetails/expand.sql", "CustomerDetails/backfill.sql", "CustomerDetails/contract.sql"],
            PlanReader.Read(_folder).Groups.SelectMany(g => g.Phases).Select(p => p.Script));
        var plan = PlanReader.Read(_folder);
        Assert.Equal(("Shop", "Shop.ShopContext", "Npgsql.EntityFrameworkCore.PostgreSQL"), (plan.Project, plan.Context, plan.Provider));
        var expand = plan.Groups[1].Phases[0];
        Assert.Contains(expand.Steps, s => s is { Kind: "concurrent-index", Index: "IX_Customers_Name" });
        var backfill = Assert.Single(plan.Groups[1].Phases[1].Steps, s => s.Kind == "backfill");
        Assert.Equal(("Customers", "EmailAddress", "\"Email\""), (backfill.Backfill!.Table, backfill.Backfill.Column, backfill.Backfill.ValueSql));
        Assert.Equal(["Id"], backfill.Backfill.KeyColumns);

        var script = File.ReadAllText(Path.Combine(_folder, "CustomerDetails", "backfill.sql"));
        Assert.StartsWith("-- EfSafeMigrations phase plan: 20261121074357_CustomerDetails_Backfill (Backfill)", script);
        Assert.Contains("-- in keyset batches along (Id), resumable", script);
        Assert.Contains("INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\")", script);

        // Beside every phase but a group's last, its rollback (the Down), checksummed like it.
        Assert.Equal(
            [null, "CustomerDetails/expand.rollback.sql", "CustomerDetails/backfill.rollback.sql", null],
            plan.Groups.SelectMany(g => g.Phases).Select(p => p.Rollback?.Script));
        var rollback = File.ReadAllText(Path.Combine(_folder, "CustomerDetails", "expand.rollback.sql"));
        Assert.StartsWith("-- EfSafeMigrations rollback: 20261121074356_CustomerDetails_Expand (Expand)", rollback);
        Assert.Contains("ALTER TABLE \"Customers\" DROP COLUMN \"EmailAddress\";", rollback);
        Assert.EndsWith("-- removed from EF Core's history\nDELETE FROM \"__EFMigrationsHistory\"\nWHERE \"MigrationId\" = '20261121074356_CustomerDetails_Expand';\n", rollback);
    }

    [Fact]
    public async Task A_changed_script_or_manifest_is_refused_with_what_to_do()
    {
        await WriteAsync();
        var script = Path.Combine(_folder, "CustomerDetails", "contract.sql");
        var original = File.ReadAllText(script);
        File.WriteAllText(script, original.Replace("DROP COLUMN", "DROP COLUMN IF EXISTS", StringComparison.Ordinal));

        var edited = Assert.Throws<InvalidDataException>(() => PlanReader.Read(_folder));
        Assert.Contains("CustomerDetails/contract.sql does not match the checksum in the manifest", edited.Message);

        File.WriteAllText(script, original);
        var manifest = Path.Combine(_folder, "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("IX_Customers_Name", "IX_Other", StringComparison.Ordinal));
        var changed = Assert.Throws<InvalidDataException>(() => PlanReader.Read(_folder));
        Assert.Contains("do not match its script", changed.Message);

        var missing = Assert.Throws<InvalidDataException>(() => PlanReader.Read(Path.Combine(_folder, "nothing")));
        Assert.Contains("it is not a phase plan", missing.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<RecordingEvents> WriteAsync()
    {
        var events = new RecordingEvents();
        await using var context = new ShopContext(ShopContext.Options(Nowhere));
        var request = new RunnerRequest { Command = RunnerCommand.Plan, Assembly = "in-process", OutputDir = _folder };
        await new SafeMigrationRunner(context, request.Settings, events).RunAsync(request, CancellationToken.None);
        return events;
    }
}
