using System.Text.RegularExpressions;
using EfSafeMigrations.Tests.Design.EndToEnd;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Design;

/// <summary>
/// The staged scaffolder through the real <c>dotnet ef</c> tool, on a throwaway project that consumes EfSafeMigrations
/// as an app does (see <see cref="ScratchProject"/>), against a real PostgreSQL database.
/// </summary>
public sealed class StagedMigrationsScaffolderEndToEndTests
{
    private const string CustomerRows = """
        INSERT INTO "Customers" ("Name", "Email", "Phone") VALUES
            ('Ada', 'ada@example.com', '555-0100'),
            ('Grace', NULL, '555-0101'),
            ('Linus', 'linus@example.com', NULL);
        INSERT INTO "Orders" ("CustomerId", "Total") SELECT "Id", 10.50 FROM "Customers";
        """;

    private const string EsmObjectsSql = """
        SELECT (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal)
             + (SELECT count(*) FROM pg_proc WHERE proname LIKE 'esm\_%')
             + (SELECT count(*) FROM pg_constraint WHERE conname LIKE 'esm\_%')
             + (SELECT count(*) FROM pg_class WHERE relname LIKE '%esm\_%')
        """;

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task Migrations_add_stages_a_change_into_phases_that_database_update_applies_and_rolls_back_and_remove_takes_away()
    {
        using var project = await ScratchProject.CreateAsync("staged-group");
        await using var database = await PostgresDatabase.CreateAsync("e2e_staged_group");
        project.ConnectionString = database.ConnectionString;

        // V1 and its Initial group.
        project.WriteModel(ScratchModels.V1);
        await SucceedsAsync(project.BuildAsync());
        await SucceedsAsync(project.EfAsync("migrations", "add", "Initial"));
        var initialId = Assert.Single(project.MigrationIds());
        Assert.EndsWith("_Initial_Expand", initialId, StringComparison.Ordinal);
        var v1Snapshot = File.ReadAllText(project.SnapshotPath);

        // V2: staged into CustomerDetails_Expand, _Backfill and _Contract.
        project.WriteModel(ScratchModels.V2);
        await SucceedsAsync(project.BuildAsync());
        var add = await SucceedsAsync(project.EfAsync("migrations", "add", "CustomerDetails"));

        var ids = project.MigrationIds();
        Assert.True(ids.Count == 4, $"Expected Initial and three CustomerDetails phases, found: {string.Join(", ", ids)}");
        Assert.Equal(initialId, ids[0]);
        var (expandId, backfillId, contractId) = (ids[1], ids[2], ids[3]);
        Assert.Matches(@"^\d{14}_CustomerDetails_Expand$", expandId);
        Assert.Matches(@"^\d{14}_CustomerDetails_Backfill$", backfillId);
        Assert.Matches(@"^\d{14}_CustomerDetails_Contract$", contractId);
        Assert.True(
            string.CompareOrdinal(initialId[..14], expandId[..14]) < 0
                && string.CompareOrdinal(expandId[..14], backfillId[..14]) < 0
                && string.CompareOrdinal(backfillId[..14], contractId[..14]) < 0,
            $"Migration ids' timestamps must ascend from Initial through Expand, Backfill, Contract: {string.Join(", ", ids)}");
        Assert.Equal(
            new[] { initialId, expandId, backfillId, contractId }
                .SelectMany(id => new[] { id + ".Designer.cs", id + ".cs" })
                .Append(ScratchProject.ContextName + "ModelSnapshot.cs")
                .Order(StringComparer.Ordinal),
            project.MigrationFileNames());

        // What `migrations add` printed: the group's migrations, then each staged step with its phase.
        Assert.True(
            add.StandardOutputLines.Any(l => l.Contains("staged 'CustomerDetails' into", StringComparison.Ordinal)
                && l.Contains(expandId, StringComparison.Ordinal) && l.Contains(backfillId, StringComparison.Ordinal)
                && l.Contains(contractId, StringComparison.Ordinal)),
            "migrations add should name the group's three migrations." + Environment.NewLine + add.Describe());
        AssertStepLine(add, MigrationPhase.Expand, "adds column", "EmailAddress");
        AssertStepLine(add, MigrationPhase.Expand, "adds column", "Customers.Tier");
        AssertStepLine(add, MigrationPhase.Expand, "index", "IX_Customers_Name");
        AssertStepLine(add, MigrationPhase.Expand, "index", "IX_Orders_CustomerId");
        AssertStepLine(add, MigrationPhase.Expand, "foreign key", "FK_Orders_Customers_CustomerId", "NOT VALID");
        AssertStepLine(add, MigrationPhase.Backfill, "Customers.Email", "EmailAddress");
        AssertStepLine(add, MigrationPhase.Backfill, "validates", "FK_Orders_Customers_CustomerId");
        AssertStepLine(add, MigrationPhase.Contract, "drops column", "Customers.Phone");
        AssertStepLine(add, MigrationPhase.Contract, "drops", "triggers", "Customers.Email");
        Assert.True(
            StepLines(add).Where(s => s.Text.Contains("Phone", StringComparison.Ordinal)).All(s => s.Phase == MigrationPhase.Contract),
            "Only Contract may touch Phone (the old version still reads it until then)." + Environment.NewLine + add.Describe());

        // The files: each class marked with its phase, each phase holding its steps.
        var expand = project.ReadMigration(expandId);
        var backfill = project.ReadMigration(backfillId);
        var contract = project.ReadMigration(contractId);
        AssertPhaseClass(project.ReadMigration(initialId), MigrationPhase.Expand, "Initial_Expand");
        AssertPhaseClass(expand, MigrationPhase.Expand, "CustomerDetails_Expand");
        AssertPhaseClass(backfill, MigrationPhase.Backfill, "CustomerDetails_Backfill");
        AssertPhaseClass(contract, MigrationPhase.Contract, "CustomerDetails_Contract");

        AssertSingleCall(expand, "AddColumn", "name: \"EmailAddress\"", "table: \"Customers\"", "nullable: true");
        AssertSingleCall(expand, "AddRenameSyncTrigger", "table: \"Customers\"", "oldColumn: \"Email\"", "newColumn: \"EmailAddress\"");
        AssertSingleCall(expand, "AddColumn", "name: \"Tier\"", "table: \"Customers\"");
        AssertSingleCall(expand, "CreateIndex", "name: \"IX_Customers_Name\"", "table: \"Customers\"", "column: \"Name\"");
        AssertSingleCall(
            expand, "AddForeignKey", "name: \"FK_Orders_Customers_CustomerId\"", "table: \"Orders\"", "principalTable: \"Customers\"",
            ".Annotation(\"EfSafeMigrations:NotValid\", true)");
        AssertNoCall(expand, "DropColumn");
        AssertNoCall(expand, "Backfill");

        AssertSingleCall(backfill, "Backfill", "table: \"Customers\"", "column: \"EmailAddress\"", "valueSql: \"\\\"Email\\\"\"");
        AssertSingleCall(backfill, "ValidateConstraint", "name: \"FK_Orders_Customers_CustomerId\"", "table: \"Orders\"");
        Assert.True(
            backfill.UpMethods.All(m => m is "Backfill" or "ValidateConstraint"),
            "Backfill changes data only (and validates constraints): " + backfill);

        AssertSingleCall(contract, "DropColumn", "name: \"Phone\"", "table: \"Customers\"");
        AssertSingleCall(contract, "DropRenameSyncTrigger", "oldColumn: \"Email\"", "newColumn: \"EmailAddress\"");
        AssertSingleCall(contract, "DropColumn", "name: \"Email\"", "table: \"Customers\"");
        Assert.True(
            contract.UpMethods.All(m => m is "DropColumn" or "DropRenameSyncTrigger"),
            "Contract only removes what the old version needed: " + contract);

        // Apply Initial, add rows as the old version would, then apply the whole group.
        await SucceedsAsync(project.BuildAsync());
        await SucceedsAsync(project.EfAsync("database", "update", initialId));
        await database.ExecuteAsync(CustomerRows);
        await SucceedsAsync(project.EfAsync("database", "update"));

        Assert.Equal("Id,Name,EmailAddress,Tier", await ColumnsAsync(database, "Customers"));
        Assert.Equal("Ada=ada@example.com;Grace=NULL;Linus=linus@example.com", await ValuesAsync(database, "EmailAddress"));
        Assert.Equal(3L, await database.ScalarAsync<long>("""SELECT count(*) FROM "Customers" WHERE "Tier" = '' """));
        Assert.True(await database.ScalarAsync<bool>("""SELECT indisvalid FROM pg_index WHERE indexrelid = '"IX_Customers_Name"'::regclass"""));
        Assert.True(await database.ScalarAsync<bool>("""SELECT indisvalid FROM pg_index WHERE indexrelid = '"IX_Orders_CustomerId"'::regclass"""));
        Assert.True(await database.ScalarAsync<bool>("SELECT convalidated FROM pg_constraint WHERE conname = 'FK_Orders_Customers_CustomerId'"));
        Assert.Equal(0L, await database.ScalarAsync<long>(EsmObjectsSql));
        Assert.Equal(string.Join(',', ids), await HistoryAsync(database));

        // An applied group is not removed.
        var refused = await project.EfAsync("migrations", "remove");
        Assert.False(refused.Succeeded, "migrations remove must refuse a group that is applied." + Environment.NewLine + refused.Describe());
        Assert.Contains("cannot be removed", refused.Output, StringComparison.Ordinal);
        Assert.Equal(9, project.MigrationFileNames().Count);

        // Rolling back to Initial undoes Contract, Backfill and Expand: Email is back with its values.
        await SucceedsAsync(project.EfAsync("database", "update", initialId));

        Assert.Equal("Id,Name,Email,Phone", await ColumnsAsync(database, "Customers"));
        Assert.Equal("Ada=ada@example.com;Grace=NULL;Linus=linus@example.com", await ValuesAsync(database, "Email"));
        Assert.Null(await database.ScalarAsync<string>("""SELECT to_regclass('"IX_Customers_Name"')::text"""));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_constraint WHERE contype = 'f'"));
        Assert.Equal(0L, await database.ScalarAsync<long>(EsmObjectsSql));
        Assert.Equal(initialId, await HistoryAsync(database));

        // Remove takes the whole group away and puts the V1 snapshot back.
        await SucceedsAsync(project.EfAsync("migrations", "remove"));

        Assert.Equal(
            new[] { initialId + ".Designer.cs", initialId + ".cs", ScratchProject.ContextName + "ModelSnapshot.cs" }.Order(StringComparer.Ordinal),
            project.MigrationFileNames());
        var snapshot = File.ReadAllText(project.SnapshotPath);
        Assert.Contains("\"Phone\"", snapshot, StringComparison.Ordinal);
        Assert.DoesNotContain("EmailAddress", snapshot, StringComparison.Ordinal);
        Assert.DoesNotContain("Tier", snapshot, StringComparison.Ordinal);
        // EF Core writes a reverted snapshot from the previous migration's target model, which spells the default schema out.
        Assert.Equal(v1Snapshot, snapshot.Replace(", (string)null)", ")", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task Migrations_add_refuses_a_type_change_that_rewrites_the_table_and_writes_no_file()
    {
        using var project = await ScratchProject.CreateAsync("refused-type-change");
        project.WriteModel(ScratchModels.V1);
        await SucceedsAsync(project.BuildAsync());
        await SucceedsAsync(project.EfAsync("migrations", "add", "Initial"));
        var filesBefore = project.MigrationFileNames();
        var snapshotBefore = File.ReadAllText(project.SnapshotPath);

        project.WriteModel(ScratchModels.V1WithIntegerTotal);
        await SucceedsAsync(project.BuildAsync());
        var add = await project.EfAsync("migrations", "add", "TotalAsInteger");

        Assert.True(add.ExitCode is not null and not 0, "migrations add must fail on a rewriting type change." + Environment.NewLine + add.Describe());
        foreach (var expected in new[] { "Orders.Total", "numeric", "integer", "rewrites table Orders", "Safe recipe", "IsSafetyAssured" })
        {
            Assert.True(add.Output.Contains(expected, StringComparison.Ordinal), $"The refusal should mention '{expected}'." + Environment.NewLine + add.Describe());
        }

        Assert.False(
            Regex.IsMatch(add.Output, @"^\s+at EfSafeMigrations\.", RegexOptions.Multiline),
            "A refusal is a message for the developer, not a crash: no stack trace without --verbose." + Environment.NewLine + add.Describe());
        Assert.Equal(filesBefore, project.MigrationFileNames());
        Assert.Equal(snapshotBefore, File.ReadAllText(project.SnapshotPath));
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task A_backfill_left_as_the_placeholder_fails_the_build_until_the_expression_is_written()
    {
        using var project = await ScratchProject.CreateAsync("backfill-placeholder");
        await using var database = await PostgresDatabase.CreateAsync("e2e_backfill_placeholder");
        project.ConnectionString = database.ConnectionString;
        project.WriteModel(ScratchModels.V1);
        await SucceedsAsync(project.BuildAsync());
        await SucceedsAsync(project.EfAsync("migrations", "add", "Initial"));
        var initialId = Assert.Single(project.MigrationIds());

        project.WriteModel(ScratchModels.V1WithComputedDisplayName);
        await SucceedsAsync(project.BuildAsync());
        var add = await SucceedsAsync(project.EfAsync("migrations", "add", "DisplayName"));

        var group = project.MigrationIds().Skip(1).ToList();
        Assert.True(
            group.Select(id => id[15..]).SequenceEqual(["DisplayName_Expand", "DisplayName_Backfill", "DisplayName_Contract"]),
            $"Expected DisplayName's Expand, Backfill and Contract, found: {string.Join(", ", group)}{Environment.NewLine}{add.Describe()}");
        var expand = project.ReadMigration(group[0]);
        var backfill = project.ReadMigration(group[1]);
        AssertSingleCall(expand, "AddFillTrigger", "column: \"DisplayName\"", "valueSql: BackfillSql.Placeholder");
        AssertSingleCall(backfill, "Backfill", "column: \"DisplayName\"", "valueSql: BackfillSql.Placeholder");

        var build = await project.BuildAsync();
        Assert.False(build.Succeeded, "A placeholder backfill must fail the build." + Environment.NewLine + build.Describe());
        foreach (var expected in new[] { "error CS0619", "'BackfillSql.Placeholder' is obsolete", "Write the SQL expression", group[0] + ".cs", group[1] + ".cs" })
        {
            Assert.True(build.Output.Contains(expected, StringComparison.Ordinal), $"The build error should mention '{expected}'." + Environment.NewLine + build.Describe());
        }

        // The developer writes the expression wherever the placeholder is; then it builds and runs.
        foreach (var id in group)
        {
            var path = Path.Combine(project.MigrationsDirectory, id + ".cs");
            File.WriteAllText(path, File.ReadAllText(path).Replace("BackfillSql.Placeholder", "\"upper(\\\"Name\\\")\"", StringComparison.Ordinal));
        }

        await SucceedsAsync(project.BuildAsync());
        await SucceedsAsync(project.EfAsync("database", "update", initialId));
        await database.ExecuteAsync(CustomerRows);
        await SucceedsAsync(project.EfAsync("database", "update"));

        Assert.Equal("Ada=ADA;Grace=GRACE;Linus=LINUS", await ValuesAsync(database, "DisplayName"));
        Assert.Equal(
            "NO",
            await database.ScalarAsync<string>("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'Customers' AND column_name = 'DisplayName'"));
        Assert.Equal(0L, await database.ScalarAsync<long>(EsmObjectsSql));
    }

    private static async Task<CommandResult> SucceedsAsync(Task<CommandResult> run)
    {
        var result = await run;
        Assert.True(result.Succeeded, result.Describe());
        return result;
    }

    private static IEnumerable<(MigrationPhase Phase, string Text)> StepLines(CommandResult result)
        => result.StandardOutputLines
            .Select(l => Regex.Match(l, @"^\s+(Expand|Backfill|Contract)\s+(.+)$"))
            .Where(m => m.Success)
            .Select(m => (Enum.Parse<MigrationPhase>(m.Groups[1].Value), m.Groups[2].Value));

    private static void AssertStepLine(CommandResult result, MigrationPhase phase, params string[] fragments)
        => Assert.True(
            StepLines(result).Any(s => s.Phase == phase && fragments.All(f => s.Text.Contains(f, StringComparison.Ordinal))),
            $"Expected a '{phase}' step line mentioning {string.Join(", ", fragments.Select(f => $"'{f}'"))}.{Environment.NewLine}{result.Describe()}");

    private static void AssertPhaseClass(MigrationSource migration, MigrationPhase phase, string className)
    {
        Assert.True(
            migration.Phase == phase && migration.PhaseClassName == className,
            $"Expected [MigrationPhase(MigrationPhase.{phase})] on class {className} in {migration}");
    }

    private static void AssertSingleCall(MigrationSource migration, string method, params string[] fragments)
        => Assert.True(
            migration.UpCallsOf(method, fragments).Count == 1,
            $"Expected one {method}(...) in Up with {string.Join(", ", fragments)}, in {migration}");

    private static void AssertNoCall(MigrationSource migration, string method)
        => Assert.True(!migration.UpMethods.Contains(method), $"Expected no {method}(...) in Up, in {migration}");

    private static Task<string?> ColumnsAsync(PostgresDatabase database, string table)
        => database.ScalarAsync<string>(
            $"SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = '{table}'");

    private static Task<string?> ValuesAsync(PostgresDatabase database, string column)
        => database.ScalarAsync<string>(
            $"""SELECT string_agg("Name" || '=' || coalesce("{column}", 'NULL'), ';' ORDER BY "Id") FROM "Customers" """);

    private static Task<string?> HistoryAsync(PostgresDatabase database)
        => database.ScalarAsync<string>("""SELECT string_agg("MigrationId", ',' ORDER BY "MigrationId") FROM "__EFMigrationsHistory" """);
}
