using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using EfSafeMigrations.Deployment.Configuration;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tool.Cli;

/// <summary>
/// The verbs and options of <c>dotnet safe-migrate</c>, named as <c>dotnet ef</c> names them. Parsing only: each verb's
/// action turns the parse result into a <see cref="ToolInvocation"/> and hands it to the runner given to the constructor.
/// </summary>
internal sealed class SafeMigrateCommandLine
{
    private readonly Option<string?> project = new("--project", "-p")
    {
        Description = "The project holding the migrations: a project file or its folder. Default: the project in the current folder.",
        HelpName = "PROJECT",
    };

    private readonly Option<string?> startupProject = new("--startup-project", "-s")
    {
        Description = "The project that configures the DbContext (built and run). Default: --project.",
        HelpName = "PROJECT",
    };

    private readonly Option<string?> context = new("--context", "-c")
    {
        Description = "The DbContext to use (its name or full name). Needed when there is more than one.",
        HelpName = "DBCONTEXT",
    };

    private readonly Option<string?> framework = new("--framework", "-f")
    {
        Description = "The target framework of a project that has several.",
        HelpName = "FRAMEWORK",
    };

    private readonly Option<string?> configuration = new("--configuration")
    {
        Description = "The build configuration. Default: the project's (Debug).",
        HelpName = "CONFIGURATION",
    };

    private readonly Option<bool> noBuild = new("--no-build")
    {
        Description = "Use the last build of the project instead of building it.",
    };

    private readonly Option<string?> assembly = new("--assembly")
    {
        Description = "A built assembly holding the migrations, instead of a project (its .deps.json and .runtimeconfig.json must be next to it). Nothing is built.",
        HelpName = "PATH",
    };

    private readonly Option<string?> startupAssembly = new("--startup-assembly")
    {
        Description = "With --assembly: the built assembly that configures the DbContext. Default: --assembly.",
        HelpName = "PATH",
    };

    private readonly Option<string?> connection = new("--connection")
    {
        Description = $"The connection string to use. Default: the {SafeMigrateRun.ConnectionVariable} environment variable, else the context's own.",
        HelpName = "CONNECTION",
    };

    private readonly Option<bool> verbose = new("--verbose", "-v") { Description = "Show verbose output." };

    private readonly Option<bool> json = new("--json") { Description = "Write every event as a JSON line on standard output, and nothing else there." };

    private readonly Option<bool> noColor = new("--no-color") { Description = "Plain text: no colours, no live progress bar." };

    private readonly Option<bool> dryRun = new("--dry-run") { Description = "Show the SQL and the backfill plan; change nothing." };

    private readonly Option<string?> rollbackTo = new("--to")
    {
        Description = "Roll back only the groups after this migration (an id, its name, or a group's name), keeping it. Default: every group whose Contract has not run.",
        HelpName = "MIGRATION",
    };

    private readonly Option<string?> phaseTo = new("--to")
    {
        Description = "Apply the phase only to the groups up to this one (a migration id, its name, or a group's name). Default: every pending group.",
        HelpName = "MIGRATION",
    };

    private readonly Option<TimeSpan?> lockTimeout = DurationOption("--lock-timeout", "How long one DDL statement waits for its lock before it gives up and is retried.", "500ms", allowZero: false);

    private readonly Option<int?> maxRetries = CountOption("--max-retries", "How many times a step that hit the lock timeout is retried.", "30", minimum: 0);

    private readonly Option<TimeSpan?> waitForLock = DurationOption("--wait-for-lock", "How long to wait for another runner that holds the database lock; 0 refuses at once.", "0", allowZero: true);

    private readonly Option<int?> batchSize = CountOption("--batch-size", "Rows in the first backfill batch; the size then adapts to --target-batch-time.", "1000", minimum: 1);

    private readonly Option<TimeSpan?> targetBatchTime = DurationOption("--target-batch-time", "The time one backfill batch should stay under (an app transaction needing one of its rows waits for its commit).", "200ms", allowZero: false);

    private readonly Option<int?> maxRowsPerSecond = CountOption("--max-rows-per-second", "An upper bound on backfilled rows per second.", "none", minimum: 1);

    private readonly Option<TimeSpan?> maxReplicaLag = DurationOption(
        "--max-replica-lag", "The backfill pauses while a replica's lag is above this (PostgreSQL: its streaming replicas' replay lag; MySQL, MariaDB: each --replica's).", "5s", allowZero: false);

    private readonly Option<string[]> replica = new("--replica")
    {
        Description = "A MySQL or MariaDB replica to watch (its connection string; give one --replica per replica): the backfill pauses while one is more than "
            + "--max-replica-lag behind, or does not replicate. Its login needs the right to run SHOW REPLICA STATUS. Not for PostgreSQL, whose primary shows its replicas' lag.",
        HelpName = "CONNECTION",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string?> output = new("--output", "-o")
    {
        Description = "Write the plan of every migration (manifest.json and one SQL script per group and phase, with checksums) into this folder. Needs no database.",
        HelpName = "DIR",
    };

    private readonly Option<string?> planDir = new("--plan")
    {
        Description = "Use a published plan (a folder with manifest.json, from `plan --output` or dotnet publish) instead of a project's migrations: no build, no app. Needs --connection.",
        HelpName = "DIR",
    };

    private readonly Argument<string?> flagName = new("name")
    {
        Description = "The flag to set, for example AddEmail.contract-approved. Without it, every flag is listed.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<bool> flagOff = new("--off") { Description = "Turn the flag off instead of on." };

    private readonly Option<string?> config = new("--config")
    {
        Description = $"The hooks and gates file. Default: {DeploymentConfigReader.DefaultFileName} in the project's folder (in the current folder with --assembly or --plan), used when it exists.",
        HelpName = "FILE",
    };

    private readonly Option<TimeSpan?> waitForGates = DurationOption(
        "--wait", "How long to wait for closed gates (old app instances still running, a flag not yet on) to open, checking again every few seconds; 0 refuses at once.", "0", allowZero: true);

    private readonly Option<string?> require = new("--require")
    {
        Description = "Exit with code 3 unless every group has applied every phase up to this one (backfilled: ready for the new app version).",
        HelpName = "expanded|backfilled|contracted",
    };

    private readonly Option<ServerVersionValue?> serverVersion = new("--server-version")
    {
        Description = "The production database server, for the rules that depend on it: PostgreSQL's major version (for example 15), "
            + "or a MySQL or MariaDB version with its product (for example 8.0.36-mysql or 10.11-mariadb). Default: the oldest supported one.",
        HelpName = "VERSION",
        CustomParser = ServerVersionValue.Parse,
    };

    private readonly Argument<string> phase = new("phase")
    {
        Description = "The phase to apply: expand, backfill or contract.",
        HelpName = "expand|backfill|contract",
    };

    private readonly Func<ToolInvocation, CancellationToken, Task<int>> run;

    /// <summary>Builds the commands; <paramref name="run"/> carries out a parsed invocation and returns the exit code.</summary>
    public SafeMigrateCommandLine(Func<ToolInvocation, CancellationToken, Task<int>> run)
    {
        this.run = run;
        phase.Validators.Add(result =>
        {
            var value = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (value != null && ParsePhase(value) == null)
            {
                result.AddError($"'{value}' is not a phase. Use expand, backfill or contract.");
            }
        });

        require.Validators.Add(result =>
        {
            var value = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (value != null && ParseRequired(value) == null)
            {
                result.AddError($"'{value}' is not a state for --require. Use expanded, backfilled or contracted.");
            }
        });

        var plan = Verb("plan", "Show the pending groups, their phases and the SQL of each step, or write the plan of every migration with --output. Changes nothing.", RunnerCommand.Plan);
        plan.Options.Add(output);
        var status = Verb("status", "Show the phase status of every group, the deployment flags and the app instances that report to the database.", RunnerCommand.Status);
        status.Options.Add(require);
        status.Options.Add(planDir);
        status.Options.Add(config);

        var flag = Verb("flag", "Set a deployment flag on (or off with --off), for example to open a flag gate; without a name, list the flags.", RunnerCommand.Flag);
        flag.Arguments.Add(flagName);
        flag.Options.Add(flagOff);
        flag.Options.Add(planDir);

        var phaseVerb = Verb("phase", "Apply one phase (expand, backfill or contract) of every pending group.", RunnerCommand.Phase);
        phaseVerb.Arguments.Add(phase);
        phaseVerb.Options.Add(phaseTo);
        phaseVerb.Options.Add(planDir);
        phaseVerb.Options.Add(config);
        phaseVerb.Options.Add(waitForGates);
        phaseVerb.Options.Add(replica);
        AddRunnerSettings(phaseVerb);

        var rollback = Verb("rollback", "Undo the Backfill and Expand of groups whose Contract has not run.", RunnerCommand.Rollback);
        rollback.Options.Add(rollbackTo);
        rollback.Options.Add(planDir);
        rollback.Options.Add(config);
        AddRunnerSettings(rollback);

        var lint = Verb("lint", "Check the migrations for changes that block the app or break the old version (rules ESM0001...). Needs no database.", RunnerCommand.Lint);
        lint.Options.Add(serverVersion);

        Root = new RootCommand(
            "Applies EfSafeMigrations' expand, backfill and contract phases with lock timeouts, retries and resumable batched backfills.")
        {
            plan, status, phaseVerb, rollback, lint, flag,
        };
    }

    /// <summary>The root command.</summary>
    public RootCommand Root { get; }

    /// <summary>A phase's name as typed (any case) as a <see cref="MigrationPhase"/>; null when it is none.</summary>
    public static MigrationPhase? ParsePhase(string text)
        => text.ToLowerInvariant() switch
        {
            "expand" => MigrationPhase.Expand,
            "backfill" => MigrationPhase.Backfill,
            "contract" => MigrationPhase.Contract,
            _ => null,
        };

    /// <summary>A state for <c>--require</c> (<c>expanded</c>, <c>backfilled</c>, <c>contracted</c>, any case) as the phase it needs; null when it is none.</summary>
    public static MigrationPhase? ParseRequired(string text)
        => text.ToLowerInvariant() switch
        {
            "expanded" => MigrationPhase.Expand,
            "backfilled" => MigrationPhase.Backfill,
            "contracted" => MigrationPhase.Contract,
            _ => null,
        };

    private Command Verb(string name, string description, RunnerCommand command)
    {
        var verb = new Command(name, description);
        foreach (var option in new Option[] { project, startupProject, context, framework, configuration, noBuild, assembly, startupAssembly, connection, verbose, json, noColor })
        {
            verb.Options.Add(option);
        }

        verb.SetAction((parseResult, cancellation) => run(Read(parseResult, command), cancellation));
        return verb;
    }

    private void AddRunnerSettings(Command verb)
    {
        foreach (var option in new Option[] { dryRun, lockTimeout, maxRetries, waitForLock, batchSize, targetBatchTime, maxRowsPerSecond, maxReplicaLag })
        {
            verb.Options.Add(option);
        }
    }

    private ToolInvocation Read(ParseResult result, RunnerCommand command)
    {
        var defaults = new RunnerSettings();
        return new ToolInvocation
        {
            Command = command,
            Phase = command == RunnerCommand.Phase ? ParsePhase(result.GetRequiredValue(phase)) : null,
            Target = command switch
            {
                RunnerCommand.Phase => result.GetValue(phaseTo),
                RunnerCommand.Rollback => result.GetValue(rollbackTo),
                _ => null,
            },
            ServerVersion = command == RunnerCommand.Lint ? Value(result, serverVersion)?.PostgreSqlMajor : null,
            MySqlServerVersion = command == RunnerCommand.Lint ? Value(result, serverVersion)?.MySqlRelease?.ToText() : null,
            PlanDir = IsOn(result, planDir) ? result.GetValue(planDir) : null,
            FlagName = command == RunnerCommand.Flag ? result.GetValue(flagName) : null,
            FlagEnabled = command != RunnerCommand.Flag || !result.GetValue(flagOff),
            ConfigFile = IsOn(result, config) ? result.GetValue(config) : null,
            Require = command == RunnerCommand.Status && result.GetValue(require) is { } required ? ParseRequired(required) : null,
            OutputDir = command == RunnerCommand.Plan && result.GetValue(output) is { } folder ? Path.GetFullPath(folder) : null,
            Project = result.GetValue(project),
            StartupProject = result.GetValue(startupProject),
            Context = result.GetValue(context),
            Framework = result.GetValue(framework),
            Configuration = result.GetValue(configuration),
            NoBuild = result.GetValue(noBuild),
            Assembly = result.GetValue(assembly),
            StartupAssembly = result.GetValue(startupAssembly),
            Connection = result.GetValue(connection),
            Verbose = result.GetValue(verbose),
            Json = result.GetValue(json),
            NoColor = result.GetValue(noColor),
            DryRun = IsOn(result, dryRun) && result.GetValue(dryRun),
            Settings = defaults with
            {
                LockTimeout = Value(result, lockTimeout) ?? defaults.LockTimeout,
                MaxRetries = Value(result, maxRetries) ?? defaults.MaxRetries,
                WaitForLock = Value(result, waitForLock) ?? defaults.WaitForLock,
                BatchSize = Value(result, batchSize) ?? defaults.BatchSize,
                TargetBatchTime = Value(result, targetBatchTime) ?? defaults.TargetBatchTime,
                MaxRowsPerSecond = Value(result, maxRowsPerSecond) ?? defaults.MaxRowsPerSecond,
                MaxReplicaLag = Value(result, maxReplicaLag) ?? defaults.MaxReplicaLag,
                WaitForGates = Value(result, waitForGates) ?? defaults.WaitForGates,
                Replicas = IsOn(result, replica) ? result.GetValue(replica) ?? [] : [],
            },
        };
    }

    private static bool IsOn(ParseResult result, Option option) => result.CommandResult.Command.Options.Contains(option);

    private static T? Value<T>(ParseResult result, Option<T?> option)
        where T : struct
        => IsOn(result, option) ? result.GetValue(option) : null;

    private static Option<TimeSpan?> DurationOption(string name, string description, string defaultText, bool allowZero)
        => new(name)
        {
            Description = $"{description} A number with a unit (ms, s, m, h). Default: {defaultText}.",
            HelpName = "DURATION",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (!Durations.TryParse(text, out var duration))
                {
                    result.AddError($"'{text}' is not a duration for {name}. Use {Durations.AcceptedForms}.");
                    return null;
                }

                if (!allowZero && duration <= TimeSpan.Zero)
                {
                    result.AddError($"{name} must be more than 0. Use {Durations.AcceptedForms}.");
                    return null;
                }

                return duration;
            },
        };

    private static Option<int?> CountOption(string name, string description, string defaultText, int minimum)
        => new(name)
        {
            Description = $"{description} Default: {defaultText}.",
            HelpName = "N",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum)
                {
                    result.AddError(string.Create(
                        CultureInfo.InvariantCulture, $"'{text}' is not a valid value for {name}: use a whole number of {minimum} or more."));
                    return null;
                }

                return value;
            },
        };
}
