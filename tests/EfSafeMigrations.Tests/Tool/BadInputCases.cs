using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// The bad inputs a new user, a typo or a broken pipeline gives <c>dotnet safe-migrate</c>, with the exit code
/// docs/exit-codes.md documents for each: bad options and values, bad connection strings, missing files, bad
/// configuration, bad and damaged plans, phases in the wrong order, closed gates, another runner's lock, a database
/// changed by hand, an unreachable server. A few commands that must change nothing and succeed close the list.
/// </summary>
public static class BadInputCases
{
    /// <summary>A password written into bad connection strings; never printed.</summary>
    public const string Secret = "S3cret-bad-input";

    private const int Done = ExitCodes.Done;
    private const int Failed = ExitCodes.Failed;
    private const int Usage = ExitCodes.Usage;
    private const int Refused = ExitCodes.Refused;
    private const string Server = "Host=127.0.0.1;Database=shop;Username=deploy;Password=" + Secret;
    private const string UnsetVariable = "SAFE_MIGRATE_BAD_INPUT_UNSET";

    /// <summary>Every case, by name.</summary>
    public static IReadOnlyDictionary<string, BadInputCase> ByName { get; } = All().ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The case names, for a theory.</summary>
    public static TheoryData<string> Names => [.. ByName.Keys];

    private static IEnumerable<BadInputCase> All()
    {
        // The command line itself.
        yield return new("no arguments", Usage, "Usage:", []);
        yield return new("unknown verb", Usage, "error: Unrecognized command or argument 'deploy'.", ["deploy"]);
        yield return new("phase without a phase", Usage, "Required argument missing for command: 'phase'", ["phase"]);
        yield return new("misspelt phase", Usage, "'expnd' is not a phase. Use expand, backfill or contract.", Shop("fresh", "phase", "expnd"));
        yield return new("two phases", Usage, "Unrecognized command or argument 'backfill'", Shop("fresh", "phase", "expand", "backfill"));
        yield return new("unknown option", Usage, "Unrecognized command or argument '--force'", Shop("fresh", "phase", "expand", "--force"));
        yield return new("option of another verb", Usage, "Unrecognized command or argument '--output'", Shop("fresh", "status", "--output", "x"));
        yield return new("rollback from a plan without a connection", Usage, "pass --connection or set SAFE_MIGRATE_CONNECTION", ["rollback", "--plan", "{fixture}/plan"]);
        yield return new("option without its value", Usage, "--connection", ["status", "--assembly", "{shop}", "--connection"]);
        yield return new("duration without a unit", Usage, "'5' is not a duration for --lock-timeout", Shop("fresh", "phase", "expand", "--lock-timeout", "5"));
        yield return new("zero lock timeout", Usage, "--lock-timeout must be more than 0", Shop("fresh", "phase", "expand", "--lock-timeout", "0s"));
        yield return new("negative lock timeout", Usage, "is not a duration for --lock-timeout", Shop("fresh", "phase", "expand", "--lock-timeout", "-1s"));
        yield return new("words for a duration", Usage, "'fast' is not a duration for --target-batch-time", Shop("fresh", "phase", "backfill", "--target-batch-time", "fast"));
        yield return new("zero replica lag", Usage, "--max-replica-lag must be more than 0", Shop("fresh", "phase", "backfill", "--max-replica-lag", "0"));
        yield return new("forever for --wait-for-lock", Usage, "'forever' is not a duration for --wait-for-lock", Shop("fresh", "phase", "expand", "--wait-for-lock", "forever"));
        yield return new("--wait without a unit", Usage, "'10' is not a duration for --wait", Shop("fresh", "phase", "contract", "--wait", "10"));
        yield return new("zero batch size", Usage, "'0' is not a valid value for --batch-size", Shop("fresh", "phase", "backfill", "--batch-size", "0"));
        yield return new("batch size in words", Usage, "'many' is not a valid value for --batch-size", Shop("fresh", "phase", "backfill", "--batch-size", "many"));
        yield return new("negative retries", Usage, "'-1' is not a valid value for --max-retries", Shop("fresh", "phase", "expand", "--max-retries", "-1"));
        yield return new("zero rows per second", Usage, "'0' is not a valid value for --max-rows-per-second", Shop("fresh", "phase", "backfill", "--max-rows-per-second", "0"));
        yield return new("decimal rows per second", Usage, "'2.5' is not a valid value for --max-rows-per-second", Shop("fresh", "phase", "backfill", "--max-rows-per-second", "2.5"));
        yield return new("unknown --require state", Usage, "'done' is not a state for --require", Shop("fresh", "status", "--require", "done"));
        yield return new("server version too old", Usage, "'8' is not a valid value for --server-version", ["lint", "--assembly", "{shop}", "--server-version", "8"]);

        // flag.
        yield return new("flag set NAME", Usage, "`flag set AddEmail.contract-approved` is written `flag AddEmail.contract-approved`", Shop("fresh", "flag", "set", "AddEmail.contract-approved"));
        yield return new("flag off NAME", Usage, "`flag off AddEmail.contract-approved` is written `flag AddEmail.contract-approved --off`", Shop("fresh", "flag", "off", "AddEmail.contract-approved"));
        yield return new("flag set with no name", Usage, "'set' is not a flag name", Shop("fresh", "flag", "set"));
        yield return new("flag name with a space", Usage, "A flag name is 1 to 200 characters without spaces", Shop("fresh", "flag", "contract approved"));
        yield return new("empty flag name", Usage, "A flag name is 1 to 200 characters without spaces", Shop("fresh", "flag", ""));
        yield return new("flag set on a plan with no name", Usage, "'set' is not a flag name", Plan("fresh", "plan", "flag", "set"));

        // Connection strings.
        yield return new("empty connection", Usage, "The connection string from --connection is empty", ["status", "--assembly", "{shop}", "--connection", ""]);
        yield return new("blank connection", Usage, "The connection string from --connection is empty", ["status", "--assembly", "{shop}", "--connection", "   "]);
        yield return new("port in words", Usage, "has a value for 'Port' that is not valid for it (a port number, 1 to 65535)", Connection(Server + ";Port=abc"));
        yield return new("port out of range", Usage, "has a value for 'Port' that is not valid for it", Connection(Server + ";Port=99999"));
        yield return new("misspelt keyword", Usage, "has the unknown keyword 'Prot' (did you mean 'Port'?)", Connection(Server + ";Prot=5432"));
        yield return new("misspelt password keyword", Usage, "has the unknown keyword 'Pasword' (did you mean 'Password'?)", Connection("Host=127.0.0.1;Username=deploy;Pasword=" + Secret));
        yield return new("unknown keyword", Usage, "has the unknown keyword 'Flavour'", Connection(Server + ";Flavour=vanilla"));
        yield return new("timeout in words", Usage, "has a value for 'Timeout' that is not valid for it", Connection(Server + ";Timeout=soon"));
        yield return new("unknown SSL mode", Usage, "has a value for 'SSL Mode' that is not valid for it (Disable, Allow, Prefer, Require, VerifyCA or VerifyFull)", Connection(Server + ";SSL Mode=Sometimes"));
        yield return new("pooling maybe", Usage, "has a value for 'Pooling' that is not valid for it (true or false)", Connection(Server + ";Pooling=maybe"));
        yield return new("not key=value", Usage, "cannot be read: write it as Key=Value pairs separated by ';'", Connection("postgres deploy " + Secret));
        yield return new("no host", Usage, "names no server: add Host=", Connection("Host=;Database=shop;Username=deploy;Password=" + Secret));
        yield return new("URL instead of key=value", Usage, "cannot be read", Connection($"postgresql://deploy:{Secret}@db/shop"));
        yield return new("bad connection in the environment", Usage, "The connection string from SAFE_MIGRATE_CONNECTION has a value for 'Port'", ["status", "--assembly", "{shop}"])
        {
            Environment = new Dictionary<string, string> { ["SAFE_MIGRATE_CONNECTION"] = Server + ";Port=abc" },
        };
        yield return new("malformed port in the app's configuration", Usage, "The connection string ShopContext gets from the app's configuration has a value for 'Port' that is not valid for it", ["status", "--assembly", "{shop}"])
        {
            Environment = new Dictionary<string, string> { ["SHOP_DB"] = Server + ";Port=abc" },
        };
        yield return new("misspelt keyword in the app's configuration", Usage, "The connection string ShopContext gets from the app's configuration has the unknown keyword 'Prot'", ["phase", "expand", "--assembly", "{shop}"])
        {
            Environment = new Dictionary<string, string> { ["SHOP_DB"] = Server + ";Prot=5432" },
        };
        yield return new("misspelt password keyword in the app's configuration", Usage, "has the unknown keyword 'Pasword'", ["phase", "expand", "--assembly", "{shop}"])
        {
            Environment = new Dictionary<string, string> { ["SHOP_DB"] = "Host=127.0.0.1;Username=deploy;Pasword=" + Secret },
        };
        yield return new("bad connection with a plan", Usage, "has the unknown keyword 'Prot'", ["phase", "expand", "--plan", "{fixture}/plan", "--connection", Server + ";Prot=5432"]);
        yield return new("PostgreSQL connection string for a MySQL plan", Usage, "The connection string does not suit a MySQL plan", ["phase", "expand", "--plan", "{fixture}/plan-mysql", "--connection", Server + ";Include Error Detail=true"]);
        yield return new("MySQL connection string for a PostgreSQL plan", Usage, "The connection string does not suit a PostgreSQL plan", ["phase", "expand", "--plan", "{fixture}/plan", "--connection", Server + ";Allow User Variables=true"]);
        yield return new("bad connection for lint", Usage, "has a value for 'Port'", ["lint", "--assembly", "{shop}", "--connection", Server + ";Port=abc"]);

        yield return new("empty replica", Usage, "The connection string from --replica is empty", Shop("expanded", "phase", "backfill", "--replica", ""));
        yield return new("misspelt replica keyword", Usage, "The connection string from --replica has the unknown keyword 'Prot' (did you mean 'Port'?)", Shop("expanded", "phase", "backfill", "--replica", "Server=replica1;Uid=monitor;Pwd=" + Secret + ";Prot=3306"));
        yield return new("second replica without a server", Usage, "The connection string from --replica number 2 (of 2) names no server", Shop("expanded", "phase", "backfill", "--replica", "Server=replica1;Uid=monitor;Pwd=" + Secret, "--replica", "Uid=monitor;Pwd=" + Secret));
        yield return new("replica on PostgreSQL", Usage, "--replica names MySQL or MariaDB replicas, whose primary does not know their lag", Shop("expanded", "phase", "backfill", "--replica", "Server=127.0.0.1;Port=3306;Uid=monitor;Pwd=" + Secret));

        // The app.
        yield return new("assembly that does not exist", Usage, "The assembly 'missing/Shop.dll' (--assembly) does not exist.", ["status", "--assembly", "missing/Shop.dll", "--connection", "{db:fresh}"]);
        yield return new("assembly and project", Usage, "--assembly uses a built assembly, so --project cannot go with it", Shop("fresh", "status", "--project", "samples/Shop"));
        yield return new("assembly and --no-build", Usage, "so --no-build cannot go with it", Shop("fresh", "status", "--no-build"));
        yield return new("startup assembly without --assembly", Usage, "--startup-assembly goes with --assembly", ["status", "--startup-assembly", "{shop}", "--connection", "{db:fresh}"]);
        yield return new("assembly without its deps file", Usage, "Shop.deps.json is not next to", ["status", "--assembly", "{fixture}/loose/Shop.dll", "--connection", "{db:fresh}"]);
        yield return new("project that does not exist", Usage, "The project 'src/Nowhere' (--project) does not exist.", ["status", "--project", "src/Nowhere", "--connection", "{db:fresh}"]);
        yield return new("no project in the folder", Usage, "No project", ["status", "--connection", "{db:fresh}"]);
        yield return new("unknown --context", Usage, "No DbContext named 'BillingContext' (--context) was found; nothing was changed. Contexts found: Shop.ShopContext.", Shop("fresh", "status", "--context", "BillingContext"));

        // Plans: where they are.
        yield return new("plan folder that does not exist", Usage, "--plan names a folder that does not exist", Plan("fresh", "no-such-plan", "phase", "expand"));
        yield return new("empty plan folder", Usage, "holds no manifest.json: it is not a phase plan", Plan("fresh", "empty", "phase", "expand"));
        yield return new("plan that is a file", Usage, "--plan names a file", Plan("fresh", "a-file", "phase", "expand"));
        yield return new("plan without a connection", Usage, "A plan has no app to take the connection string from: pass --connection", ["phase", "expand", "--plan", "{fixture}/plan"]);
        yield return new("plan and assembly", Usage, "--plan deploys a published plan without the", [.. Plan("fresh", "plan", "phase", "expand"), "--assembly", "{shop}"]);
        yield return new("plan and context", Usage, "so --context cannot go with it", [.. Plan("fresh", "plan", "status"), "--context", "ShopContext"]);
        yield return new("status of an empty plan folder", Usage, "holds no manifest.json", Plan("fresh", "empty", "status"));
        yield return new("plan output onto a file", Usage, "--output must name a folder, but", ["plan", "--assembly", "{shop}", "--output", "{fixture}/a-file"]);
        yield return new("plan output under a file", Usage, "--output must name a folder, but", ["plan", "--assembly", "{shop}", "--output", "{fixture}/a-file/plan"]);

        // Plans: what they hold.
        yield return new("truncated manifest", Refused, "manifest.json is not valid JSON at line 7: write the plan again with `dotnet safe-migrate plan", Plan("fresh", "plan-truncated", "phase", "expand"));
        yield return new("manifest that is not JSON", Refused, "manifest.json is not valid JSON at line 1", Plan("fresh", "plan-not-json", "phase", "expand"));
        yield return new("empty manifest", Refused, "manifest.json is not valid JSON at line 1", Plan("fresh", "plan-empty-manifest", "phase", "expand"));
        yield return new("manifest value of the wrong kind", Refused, "holds a value of the wrong kind", Plan("fresh", "plan-wrong-shape", "phase", "expand"));
        yield return new("manifest of a newer format", Refused, "has format 2; this version reads format 1", Plan("fresh", "plan-format-2", "phase", "expand"));
        yield return new("manifest without groups", Refused, "is not a plan manifest (it lacks its groups, provider or scripts)", Plan("fresh", "plan-no-groups", "phase", "expand"));
        yield return new("plan for another provider", Refused, "the plan is for Microsoft.EntityFrameworkCore.SqlServer; this tool deploys plans for Npgsql.EntityFrameworkCore.PostgreSQL, Pomelo", Plan("fresh", "plan-other-provider", "phase", "expand"));
        yield return new("tampered rollback script", Refused, "CustomerDetails/expand.rollback.sql does not match the checksum in the manifest", Plan("expanded", "plan-tampered-rollback", "rollback"));
        yield return new("tampered plan script", Refused, "CustomerDetails/contract.sql does not match the checksum in the manifest", Plan("fresh", "plan-tampered", "phase", "expand"));
        yield return new("plan script missing", Refused, "The plan's script CustomerDetails/backfill.sql is missing.", Plan("fresh", "plan-missing-script", "phase", "expand"));
        yield return new("status of a truncated plan", Refused, "is not valid JSON at line 7", Plan("fresh", "plan-truncated", "status"));
        yield return new("plan on another project's database", Refused, "The database has migrations this plan of Shop does not hold (20200101000000_OtherProject_Expand); nothing was changed.", Plan("foreign", "plan", "phase", "backfill"));

        // safe-migrate.json.
        yield return new("config that does not exist", Usage, "The hooks and gates file 'deploy/missing.json' (--config) does not exist", Shop("fresh", "phase", "expand", "--config", "deploy/missing.json"));
        yield return new("config that is not JSON", Usage, "safe-migrate.json: is not valid JSON at line 1; nothing was changed.", Shop("fresh", "phase", "expand")) { Config = "{ \"hooks\": [ " };
        yield return new("empty config", Usage, "safe-migrate.json: is not valid JSON at line 1 (the file is empty; write {} for no hooks and gates)", Shop("fresh", "phase", "expand")) { Config = string.Empty };
        yield return new("config unknown property", Usage, "the file has an unknown property \"hook\"; known: hooks, gates, instances", Shop("fresh", "phase", "expand")) { Config = "{ \"hook\": [] }" };
        yield return new("config misspelt event", Usage, "hooks[0].on is 'after-bakfill'", Shop("fresh", "phase", "expand"))
        {
            Config = """{ "hooks": [ { "name": "n", "on": "after-bakfill", "flag": "f" } ] }""",
        };
        yield return new("config hook with two actions", Usage, "hooks[0] must have exactly one of command, webhook, flag (it has command and flag)", Shop("fresh", "phase", "expand"))
        {
            Config = """{ "hooks": [ { "name": "n", "on": "after-expand", "flag": "f", "command": { "run": "x" } } ] }""",
        };
        yield return new("config duration in words", Usage, "hooks[0].command.timeout must be a duration", Shop("fresh", "phase", "expand"))
        {
            Config = """{ "hooks": [ { "name": "n", "on": "after-expand", "command": { "run": "x", "timeout": "5 minutes" } } ] }""",
        };
        yield return new("config too many retries", Usage, "hooks[0].webhook.retries must be a whole number from 0 to 20", Shop("fresh", "phase", "expand"))
        {
            Config = """{ "hooks": [ { "name": "n", "on": "after-expand", "webhook": { "url": "https://x.example", "retries": 21 } } ] }""",
        };
        yield return new("config gate before deploy", Usage, "gates[0].before is 'deploy'; use expand, backfill or contract", Shop("fresh", "status"))
        {
            Config = """{ "gates": [ { "name": "g", "before": "deploy", "flag": "f" } ] }""",
        };
        yield return new("config name used twice", Usage, "is used twice", Shop("fresh", "rollback"))
        {
            Config = """{ "hooks": [ { "name": "n", "on": "after-expand", "flag": "a" } ], "gates": [ { "name": "n", "before": "contract", "flag": "b" } ] }""",
        };
        yield return new("unset variable in an expand gate", Usage, $"safe-migrate.json: approved uses ${{{UnsetVariable}}}, not set in the environment; nothing was changed.", Shop("fresh", "phase", "expand"))
        {
            Config = $$"""{ "gates": [ { "name": "approved", "before": "expand", "http": { "url": "https://${{{UnsetVariable}}}/ready" } } ] }""",
        };
        yield return new("unset variable in an expand hook", Usage, $"notify uses ${{{UnsetVariable}}}, not set in the environment; nothing was changed.", Shop("fresh", "phase", "expand"))
        {
            Config = $$"""{ "hooks": [ { "name": "notify", "on": "after-expand", "webhook": { "url": "https://deploy.example/db", "secret": "${{{UnsetVariable}}}" } } ] }""",
        };
        yield return new("unset variable with a plan", Usage, $"notify uses ${{{UnsetVariable}}}", Plan("fresh", "plan", "phase", "expand"))
        {
            Config = $$"""{ "hooks": [ { "name": "notify", "on": "before-expand", "command": { "run": "true", "env": { "T": "${{{UnsetVariable}}}" } } } ] }""",
        };
        yield return new("config missing with a plan", Usage, "The hooks and gates file 'missing.json' (--config) does not exist", [.. Plan("fresh", "plan", "phase", "expand"), "--config", "missing.json"]);

        // Targets.
        yield return new("unknown --to", Usage, "No migration 'AddInvoices' in this project; nothing was changed.", Shop("fresh", "phase", "expand", "--to", "AddInvoices"));
        yield return new("unknown rollback --to", Usage, "No migration 'AddInvoices' in this project", Shop("expanded", "rollback", "--to", "AddInvoices"));
        yield return new("unknown --to in a plan", Usage, "The plan holds no migration 'AddInvoices'; nothing was changed.", [.. Plan("fresh", "plan", "phase", "expand"), "--to", "AddInvoices"]);

        // Order.
        yield return new("backfill before expand", Refused, "Backfill refused, nothing changed: CustomerDetails still needs its Expand. Run `dotnet safe-migrate phase expand` first.", Shop("fresh", "phase", "backfill"));
        yield return new("contract before expand", Refused, "CustomerDetails still needs its Expand and Backfill. Run `dotnet safe-migrate phase expand`, then `dotnet safe-migrate phase backfill` first.", Shop("fresh", "phase", "contract"));
        yield return new("contract before backfill", Refused, "Contract refused, nothing changed: CustomerDetails still needs its Backfill. Run `dotnet safe-migrate phase backfill` first.", Shop("expanded", "phase", "contract"));
        yield return new("backfill before expand from a plan", Refused, "CustomerDetails still needs its Expand. Run `dotnet safe-migrate phase expand` first.", Plan("fresh", "plan", "phase", "backfill"));
        yield return new("contract before backfill from a plan", Refused, "CustomerDetails still needs its Backfill. Run `dotnet safe-migrate phase backfill` first.", Plan("expanded", "plan", "phase", "contract"));
        yield return new("rollback of a finished group", Refused, "Cannot roll back CustomerDetails: all its phases have run", Shop("done", "rollback", "--to", "Initial"));
        yield return new("rollback of a finished group from a plan", Refused, "Cannot roll back CustomerDetails: all its phases have run", [.. Plan("done", "plan", "rollback"), "--to", "Initial"]);
        yield return new("rollback from a plan without rollback scripts", Refused, "The plan holds no rollback script for 20261121074356_CustomerDetails_Expand", Plan("expanded", "plan-without-rollback", "rollback"));
        yield return new("status require backfilled on a fresh database", Refused, "Not every group is backfilled", Shop("fresh", "status", "--require", "backfilled"));
        yield return new("status require contracted", Refused, "Not every group is contracted: CustomerDetails (Contract pending)", Shop("backfilled", "status", "--require", "contracted"));
        yield return new("status require backfilled from a plan", Refused, "Not every group is backfilled", [.. Plan("expanded", "plan", "status"), "--require", "backfilled"]);

        // Gates, the lock, a database changed by hand.
        yield return new("closed flag gate", Refused, "gate approved of Initial is closed: flag Initial.expand-approved is not set; set it with `dotnet safe-migrate flag Initial.expand-approved`", Shop("fresh", "phase", "expand"))
        {
            Config = """{ "gates": [ { "name": "approved", "before": "expand", "flag": "{group}.expand-approved" } ] }""",
        };
        yield return new("failing command gate", Refused, "gate no-incident of Initial is closed", Shop("fresh", "phase", "expand"))
        {
            Config = """{ "gates": [ { "name": "no-incident", "before": "expand", "command": { "run": "/bin/false" } } ] }""",
        };
        yield return new("closed gate with a plan", Refused, "gate approved of CustomerDetails is closed", Plan("backfilled", "plan", "phase", "contract"))
        {
            Config = """{ "gates": [ { "name": "approved", "before": "contract", "flag": "{group}.contract-approved" } ], "instances": { "gateContract": false } }""",
        };
        yield return new("old app instance still running", Refused, "gate old-instances of CustomerDetails is closed: 1 live instance runs code older than CustomerDetails: Shop on host-a (pid 101", Shop("instances", "phase", "contract"))
        {
            Config = """{ "instances": { "heartbeatTimeout": "1h" } }""",
        };
        yield return new("another runner holds the lock", Refused, "safe-migrate other-host pid 4242", Shop("locked", "phase", "backfill"));
        yield return new("another runner holds the lock of a plan", Refused, "safe-migrate other-host pid 4242", Plan("locked", "plan", "phase", "backfill"));
        yield return new("column dropped by hand", Refused, "Backfill refused, nothing changed: the database lacks what an earlier phase made: column Customers.EmailAddress (added by 20261121074356_CustomerDetails_Expand)", Shop("drifted", "phase", "backfill"));
        yield return new("column dropped by hand, deployed from a plan", Refused, "Backfill refused, nothing changed: the database lacks what an earlier phase made: column Customers.EmailAddress (added by 20261121074356_CustomerDetails_Expand)", Plan("drifted", "plan", "phase", "backfill"));

        // The server.
        yield return new("wrong password", Failed, "password authentication failed", Connection("Host={host};Port={port};Database=appdb;Username=app;Password=" + Secret));
        yield return new("wrong password for a phase", Failed, "No migration had started: run the same command again once that is fixed.", ["phase", "expand", "--assembly", "{shop}", "--connection", "Host={host};Port={port};Database=appdb;Username=app;Password=" + Secret]);
        yield return new("wrong password with a plan", Failed, "password authentication failed", ["phase", "expand", "--plan", "{fixture}/plan", "--connection", "Host={host};Port={port};Database=appdb;Username=app;Password=" + Secret]);
        yield return new("unknown host", Failed, "The database at no-such-host.invalid:5432 (shop) could not be used", Connection(Server.Replace("127.0.0.1", "no-such-host.invalid", StringComparison.Ordinal)));
        yield return new("unknown host with a plan", Failed, "The database at no-such-host.invalid:5432 (shop) could not be used", ["status", "--plan", "{fixture}/plan", "--connection", Server.Replace("127.0.0.1", "no-such-host.invalid", StringComparison.Ordinal)]);
        yield return new("nothing listening on the port", Failed, "The database at 127.0.0.1:1 (shop) could not be used", Connection(Server + ";Port=1"));
        yield return new("database that does not exist", Failed, "database \"no_such_database\" does not exist", Connection("Host={host};Port={port};Database=no_such_database;Username=app;Password=app"));

        // Commands that succeed and must change nothing either.
        yield return new("expand already applied", Done, "Expand is already applied: 20261121074208_Initial_Expand at ", Shop("expanded", "phase", "expand"));
        yield return new("expand already applied from a plan", Done, "Expand is already applied: 20261121074208_Initial_Expand", Plan("expanded", "plan", "phase", "expand"));
        yield return new("contract already applied", Done, "Contract is already applied: 20261121074358_CustomerDetails_Contract at ", Shop("done", "phase", "contract"));
        yield return new("dry run", Done, "Dry run: 2 Expand migrations would be applied; nothing was changed.", Shop("fresh", "phase", "expand", "--dry-run"));
        yield return new("dry run of a rollback", Done, "Dry run: 1 migrations would be rolled back; nothing was changed.", Shop("expanded", "rollback", "--dry-run"));
        yield return new("status of a fresh database", Done, "2 groups; pending: 2 Expand, 1 Backfill, 1 Contract.", Shop("fresh", "status"));
        yield return new("flag list of a fresh database", Done, "0 flags.", Shop("fresh", "flag"));
        yield return new("plan of a fresh database", Done, "4 migrations to apply, in the order shown", Shop("fresh", "plan"));
    }

    private static string[] Shop(string state, params string[] verb) => [.. verb, "--assembly", "{shop}", "--connection", $"{{db:{state}}}"];

    private static string[] Plan(string state, string plan, params string[] verb) => [.. verb, "--plan", $"{{fixture}}/{plan}", "--connection", $"{{db:{state}}}"];

    private static string[] Connection(string connection) => ["status", "--assembly", "{shop}", "--connection", connection];
}
